"""docvalidator: the formal review (形式审查) of a telecom licence application package, run first."""

__version__ = "0.1.0"
