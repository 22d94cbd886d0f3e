// Filled in below.
print("rolesync-bench")
