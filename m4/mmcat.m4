# mmcat.m4 - configure macros of mmcat's own.

# MMCAT_CHECK_POPT
# ----------------
# pkg-config may know a popt that $CC cannot use (another architecture's
# .pc file, headers without the library): compile and link a popt program
# with POPT_CFLAGS and POPT_LIBS, and stop here if that fails.
AC_DEFUN([MMCAT_CHECK_POPT], [
  AC_MSG_CHECKING([whether a popt program compiles and links with $CC])
  mmcat_save_CFLAGS=$CFLAGS
  mmcat_save_LIBS=$LIBS
  CFLAGS="$CFLAGS $POPT_CFLAGS"
  LIBS="$POPT_LIBS $LIBS"
  AC_LINK_IFELSE([AC_LANG_PROGRAM([[#include <popt.h>]], [[
      static struct poptOption table[] = { POPT_AUTOHELP POPT_TABLEEND };
      const char *argv[] = { "mmcat", NULL };
      poptContext con = poptGetContext("mmcat", 1, argv, table, 0);
      int rc = poptGetNextOpt(con);
      poptFreeContext(con);
      return rc == -1 ? 0 : 1;]])],
    [AC_MSG_RESULT([yes])],
    [AC_MSG_RESULT([no])
     AC_MSG_FAILURE([popt does not compile and link with $CC:
  $CC $CPPFLAGS $CFLAGS $LDFLAGS conftest.c $LIBS
failed.  Install popt's development files for this compiler's target
(Debian: libpopt-dev; for gcc -m32, libpopt-dev:i386 and
PKG_CONFIG_LIBDIR=/usr/lib/i386-linux-gnu/pkgconfig), or set POPT_CFLAGS
and POPT_LIBS])])
  CFLAGS=$mmcat_save_CFLAGS
  LIBS=$mmcat_save_LIBS
])
