"""Reading a built graph: questions, the user-query sandbox, explain, diff, reports."""
