"""Import of people and units from an HR system's CSV or XLSX export.

reading: bytes -> header and rows; columns: which columns mean what (Swedish
headers accepted); planning: validate everything and work out the changes;
applying: write the plan in one transaction with bulk operations.
"""
