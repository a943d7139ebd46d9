"""Health measurements with growth z-scores and nutrition labels, and SDQ screenings."""
