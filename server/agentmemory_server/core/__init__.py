"""Domain logic: models, errors, ids, tokens and the memory / decision-log services."""
