"""One pass over a rendered PDF: imposition on sheets, print-shop conversion (PDF/X-4),
registration colour and printer hints.

May import: core."""
