"""A shop's own data: order and spend files, the purchase model, and the calibrated scenario."""
