"""Plan a visit: contactplan's proposal (who comes, who interprets, time
alone with each child, the letters), with its reasons, accepted in one step."""
