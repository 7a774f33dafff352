"""Processing glue of Vigie: the provider and one module per algorithm."""
