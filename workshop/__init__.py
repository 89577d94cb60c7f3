"""The workshop room: participants' estimates stored in a SQL database (no Streamlit here).

`room` holds the rules (codes, tokens, what a submission may hold, rate limits), `store` the
queries against a SQLAlchemy Engine (SQLite or PostgreSQL), `migrations/` the schema in
numbered steps, and `board` what the facilitator's board shows, from `strategy`'s model.
"""
