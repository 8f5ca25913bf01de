// Runs first in <body>: tells GOV.UK Frontend's CSS that its JavaScript is available.
document.body.className += " js-enabled" +
  ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
