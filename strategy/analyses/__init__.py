"""Questions asked of the model: the answer, the budget, goal-seek, stress, uncertainty, maps."""
