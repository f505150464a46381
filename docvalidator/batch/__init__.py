"""`docvalidator batch ROOT`: every package under ROOT checked on a Dask cluster.

The engine is the one `check` runs; what differs is where its work goes. A package is one
Dask task (`task.check_package`); inside it, the analyses' work units (a page to OCR, the
seals on a page, a photo: `docvalidator.inspect.units`) are Dask tasks of their own, so the
pages of one large package spread over every worker. The client gathers each package's row
and reports and writes DIR (`summary.write_summary`). `cluster.connect` starts a local
cluster of worker processes or joins the user's scheduler.

Imports of dask stay inside functions: `docvalidator --help` works without the `batch` extra.
"""

ENABLED_HINT = 'docvalidator batch needs Dask: pip install "docvalidator[batch]"'
