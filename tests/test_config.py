import pytest

from docvalidator.config import Settings, load_settings
from docvalidator.errors import UsageError


def test_pyproject_table_is_read_from_the_nearest_parent(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.docvalidator]\nschema = "b24-national"\nfail-on = "warning"\nignore = ["DV103"]\n'
        '[tool.docvalidator.parameters]\nmin_staff = 3\n', encoding="utf-8")
    sub = tmp_path / "clients" / "acme"
    sub.mkdir(parents=True)
    s = load_settings(start=sub)
    assert s.schema == "b24-national" and s.fail_on == "warning"
    assert s.ignore == ("DV103",) and s.parameters == {"min_staff": 3}


def test_dot_docvalidator_toml_wins_over_pyproject_in_the_same_folder(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.docvalidator]\nschema = "b22-national"\n')
    (tmp_path / ".docvalidator.toml").write_text('schema = "b24-provincial"\n')
    assert load_settings(start=tmp_path).schema == "b24-provincial"


def test_unknown_config_key_names_file_and_key(tmp_path):
    cfg = tmp_path / ".docvalidator.toml"
    cfg.write_text('fail_on = "error"\n')
    with pytest.raises(UsageError, match=r"\.docvalidator\.toml.*unknown key 'fail_on'"):
        load_settings(start=tmp_path)


def test_config_value_of_the_wrong_type_is_refused(tmp_path):
    cfg = tmp_path / ".docvalidator.toml"
    cfg.write_text('jobs = "two"\n')
    with pytest.raises(UsageError, match="jobs: expected a whole number"):
        load_settings(start=tmp_path)


def test_command_line_values_override_the_file():
    s = Settings(schema="b24-national", fail_on="warning", parameters={"a": 1})
    m = s.merged(schema=None, fail_on="never", parameters={"b": 2}, select=())
    assert m.schema == "b24-national" and m.fail_on == "never" and m.parameters == {"a": 1, "b": 2}


def test_select_and_ignore_combine_codes_names_groups_and_prefixes():
    s = Settings(select=("DV1,seals",), ignore=("file-unassigned",))
    assert s.enabled_codes() == {"DV101", "DV102", "DV104", "DV105", "DV106", "DV301", "DV302", "DV303"}


def test_unknown_selector_is_a_usage_error():
    with pytest.raises(UsageError, match="--ignore: unknown code"):
        Settings(ignore=("DV999",)).enabled_codes()
