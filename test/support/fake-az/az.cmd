@node "%~dp0fake-az.js" %*
