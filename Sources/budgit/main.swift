print("budgit")
