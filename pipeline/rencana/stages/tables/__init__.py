"""Table finders behind one interface, and the assembly of plan tables from their cells."""
