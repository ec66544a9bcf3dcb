"""Statement and bill importers: one module per format, all producing ParsedStatement records."""
