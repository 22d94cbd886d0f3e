// GitStore
