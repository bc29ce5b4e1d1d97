// GOV.UK Frontend's body classes, as a file: the Content-Security-Policy allows no inline script.
document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');
