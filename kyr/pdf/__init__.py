"""One pass over a rendered PDF (finish.py: opened once, saved once): crop marks,
imposition on sheets, the duplex back shift, print-shop conversion (PDF/X-4),
registration colour and printer hints.

May import: core."""
