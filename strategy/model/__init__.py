"""The model: the scenario, the monthly recursion, the plans it projects, their economics."""
