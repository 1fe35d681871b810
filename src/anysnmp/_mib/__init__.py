"""MIBs: loading (pysmi once, then a compact cache), names <-> OIDs, formatting.

`_mib.Mib` loads and looks up, `_format.MibFormatter` prints; each is imported
where it is used (numeric output needs the formatter, not the loader).
"""
