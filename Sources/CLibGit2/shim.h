#ifndef ROLESYNC_CLIBGIT2_SHIM_H
#define ROLESYNC_CLIBGIT2_SHIM_H
#include <git2.h>
#endif
