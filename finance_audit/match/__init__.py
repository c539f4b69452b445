"""Entity resolution: normalize names, find candidates by blocking, score, explain."""
