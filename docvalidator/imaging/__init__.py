"""Image primitives shared by the checks: decoding and rendering pages safely (raster), and
the one offline OCR engine of the process (ocr)."""
