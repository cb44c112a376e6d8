"""Importers of outside partnership lists: twin-town CSV files and Wikidata P190 pairs.

- countries: country strings ("England", "Georgia (country)", "Grece") → ISO codes;
- country_boxes: rough country extents, to drop coordinates on the wrong continent;
- places: the in-memory matcher of places (identifier, name, region, distance);
- writer: bulk writing of places, partnerships and citations under one source;
- twin_towns: the CSV importer (manage.py import_twin_towns, the admin upload);
- wikidata: the P190 pair importer (manage.py import_wikidata_pairs);
- report: what an import did, with every skipped row's reason.
"""

from agreements.importing.report import ImportReport
from agreements.importing.twin_towns import FileFormatError, import_twin_towns
from agreements.importing.wikidata import import_wikidata_pairs

__all__ = ["FileFormatError", "ImportReport", "import_twin_towns", "import_wikidata_pairs"]
