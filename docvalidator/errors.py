"""One user-error hierarchy. Every subclass maps to exit code 2 in one place (cli)."""


class DocValidatorError(Exception):
    """A problem the user can fix: bad arguments, a bad schema, unreadable input."""

    exit_code = 2


class UsageError(DocValidatorError):
    """The command line or the configuration is wrong."""


class SchemaError(DocValidatorError):
    """A schema file is invalid. The message names the file, the key path and what was expected."""

    def __init__(self, file: str, key_path: str, expected: str):
        self.file = file
        self.key_path = key_path
        self.expected = expected
        where = f"{file}: {key_path}" if key_path else file
        super().__init__(f"{where}: {expected}")


class InputError(DocValidatorError):
    """The package path cannot be read as a folder or a zip."""
