"""A contact (a visit, an appointment, a call or a meeting): when, where,
who is expected, who interprets for whom, time alone with each child; and,
once it has happened, who was seen."""
