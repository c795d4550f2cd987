"""HTML to PDF with WeasyPrint: the restricted fetcher, the fit check read from the
laid-out boxes, what to tell a translator when text does not fit, and the fitter that
lays each piece out at the largest type size that fits.

May import: core, fonts, i18n, config, content, cache, pdf."""
