"""The app's view layer: translation, widgets, charts. The model lives in `strategy`."""
