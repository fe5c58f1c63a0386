"""gongkai — 政府信息公开年报助手: check, draft, compare and export annual reports.

Importing the package loads only the pure domain; adapters (chromadb, LangChain,
python-docx, Streamlit) are imported where they are used.
"""

__version__ = "0.1.0"
