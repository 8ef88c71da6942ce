"""Indexer and search core for the interview archive: parse → clean → turns/chunk → enrich → embed → store."""
