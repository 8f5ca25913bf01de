"""The service layer: one eventsourcing Application, its settings, clock and storage.

openpyxl parses workbooks with lxml whenever lxml is installed (python-docx, for
the Word board pack, installs it), and lxml is not guarded by defusedxml: a
workbook declaring entities would then be read rather than refused. openpyxl
reads ``OPENPYXL_LXML`` once, when first imported; every module that imports it
is in this package, so setting it here, before any of them runs, keeps the
standard library's parser under defusedxml (``tests/integration/test_hostile_files.py``).
"""

import os

os.environ["OPENPYXL_LXML"] = "False"
