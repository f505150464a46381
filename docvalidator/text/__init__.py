"""Text utilities: normalisation, quantities, sentences and the clause engine. Pure functions;
the layer below inspect."""
