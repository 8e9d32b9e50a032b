dnl SPDX-License-Identifier: BSD-2-Clause
# mmcat.m4 - configure macros of mmcat's own.

# MMCAT_EXPAND_DIR(VAR, VALUE)
# ----------------------------
# Set the shell variable VAR to VALUE with ${prefix}, ${datarootdir} and
# ${datadir} expanded as `make install' will expand them (prefix NONE is
# the default prefix), for messages and for asking shells where they look.
AC_DEFUN([MMCAT_EXPAND_DIR], [
  $1=$(test "x$prefix" = xNONE && prefix=$ac_default_prefix
      eval datarootdir=\""$datarootdir"\"
      eval datadir=\""$datadir"\"
      eval echo \""$2"\")
])

# MMCAT_COMPLETION_DIR(SHELL, DEFAULT-COMMANDS)
# ---------------------------------------------
# --with-SHELL-completion-dir=DIR installs the SHELL completion in DIR,
# =no not at all; without the option (or with =yes), DEFAULT-COMMANDS set
# mmcat_dir to the default.  Substitutes SHELLcompletiondir and defines
# the automake conditional INSTALL_SHELL_COMPLETION.
AC_DEFUN([MMCAT_COMPLETION_DIR], [
  AC_ARG_WITH([$1-completion-dir],
    [AS_HELP_STRING([--with-$1-completion-dir=DIR],
      [install the $1 completion in DIR, or not at all with =no
       @<:@default: where $1 looks for it, see README.md@:>@])],
    [], [with_$1_completion_dir=yes])
  AC_MSG_CHECKING([where to install the $1 completion])
  AS_CASE([$with_$1_completion_dir],
    [no], [$1completiondir=],
    [yes], [mmcat_dir=
      $2
      $1completiondir=$mmcat_dir],
    [$1completiondir=$with_$1_completion_dir])
  AS_IF([test -n "$$1completiondir"],
    [MMCAT_EXPAND_DIR([mmcat_dir], [$$1completiondir])
     AC_MSG_RESULT([$mmcat_dir])],
    [AC_MSG_RESULT([nowhere])])
  AC_SUBST([$1completiondir])
  AM_CONDITIONAL([INSTALL_]m4_toupper([$1])[_COMPLETION],
    [test -n "$$1completiondir"])
])

# MMCAT_PKG_COMPLETIONS_DIR(MODULE, FALLBACK)
# -------------------------------------------
# Set mmcat_dir to MODULE's .pc variable completionsdir with our own
# ${prefix} and ${datadir} put in for the module's, kept unexpanded so
# that `make install prefix=...' and `make distcheck' (as non-root, into
# its own prefix) follow them.  An answer that does not lie under our
# prefix (a path spelt out in the .pc file), or no answer at all, gives
# FALLBACK.
AC_DEFUN([MMCAT_PKG_COMPLETIONS_DIR], [
  AC_REQUIRE([PKG_PROG_PKG_CONFIG])
  mmcat_dir=
  AS_IF([test -n "$PKG_CONFIG"],
    [mmcat_dir=`$PKG_CONFIG --define-variable=prefix='${prefix}' \
      --define-variable=datadir='${datadir}' \
      --variable=completionsdir $1 2>/dev/null`])
  AS_CASE([$mmcat_dir],
    ['${prefix}'/* | '${datadir}'/*], [],
    [mmcat_dir='$2'])
])

# MMCAT_ZSH_COMPLETIONS_DIR
# -------------------------
# zsh has no .pc file.  Upstream zsh searches DATADIR/zsh/site-functions
# of its own prefix; Debian's zsh (and so its derivatives') searches
# /usr/local/share/zsh/site-functions and, for packages installed in /usr,
# /usr/share/zsh/vendor-completions, but not /usr/share/zsh/site-functions.
# So: the one of the two under our datadir that this machine's zsh
# searches; failing that (no zsh here, or it searches neither),
# vendor-completions for datadir /usr/share on a Debian system, and
# site-functions everywhere else.
AC_DEFUN([MMCAT_ZSH_COMPLETIONS_DIR], [
  MMCAT_EXPAND_DIR([mmcat_zsh_datadir], [${datadir}])
  mmcat_zsh_fpath=`(zsh -fc 'print -rl -- $fpath') 2>/dev/null`
  if printf '%s\n' "$mmcat_zsh_fpath" |
      grep -qxF "$mmcat_zsh_datadir/zsh/site-functions"; then
    mmcat_dir='${datadir}/zsh/site-functions'
  elif printf '%s\n' "$mmcat_zsh_fpath" |
      grep -qxF "$mmcat_zsh_datadir/zsh/vendor-completions"; then
    mmcat_dir='${datadir}/zsh/vendor-completions'
  elif test "x$mmcat_zsh_datadir" = x/usr/share &&
      test -f /etc/debian_version; then
    mmcat_dir='${datadir}/zsh/vendor-completions'
  else
    mmcat_dir='${datadir}/zsh/site-functions'
  fi
])

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

# MMCAT_FISH_NOTICE
# -----------------
# fish reads completions from its own vendor directory and from
# DIR/fish/vendor_completions.d for each DIR of XDG_DATA_DIRS, if set.
# Say so when the fish completion goes elsewhere (prefix /usr/local, say).
AC_DEFUN([MMCAT_FISH_NOTICE], [
  AS_IF([test -n "$fishcompletiondir" && test -n "$PKG_CONFIG"], [
    mmcat_fish_own=$($PKG_CONFIG --variable=completionsdir fish 2>/dev/null)
    MMCAT_EXPAND_DIR([mmcat_dir], [$fishcompletiondir])
    AS_CASE([$mmcat_dir],
      ["$mmcat_fish_own"], [],
      [*/fish/vendor_completions.d],
      [AS_IF([test -n "$mmcat_fish_own"],
        [AC_MSG_NOTICE([fish reads $mmcat_fish_own; it finds the completion in dnl
$mmcat_dir only where XDG_DATA_DIRS lists dnl
${mmcat_dir%/fish/vendor_completions.d}])])])
  ])
])

# MMCAT_STATIC_POPT
# -----------------
# With --enable-static-popt, link popt's archive into mmcat: -lpopt in
# POPT_LIBS becomes -Wl,-Bstatic -lpopt -Wl,-Bdynamic, kept if a popt
# program then links; if it does not (no libpopt.a, a linker without
# -Bstatic), configure stops.  POPT_LINKAGE says which it came to (static
# or shared).
AC_DEFUN([MMCAT_STATIC_POPT], [
  POPT_LINKAGE=shared
  AS_IF([test "x$enable_static_popt" = xyes], [
    AC_MSG_CHECKING([whether popt links statically])
    mmcat_static_popt_libs=`echo " $POPT_LIBS " |
      sed 's/ -lpopt / -Wl,-Bstatic -lpopt -Wl,-Bdynamic /'`
    mmcat_save_CFLAGS=$CFLAGS
    mmcat_save_LIBS=$LIBS
    CFLAGS="$CFLAGS $POPT_CFLAGS"
    LIBS="$mmcat_static_popt_libs $LIBS"
    AC_LINK_IFELSE([AC_LANG_PROGRAM([[#include <popt.h>]], [[
        const char *argv[] = { "mmcat", NULL };
        poptFreeContext(poptGetContext("mmcat", 1, argv, NULL, 0));]])],
      [AS_CASE([$mmcat_static_popt_libs], [*-Bstatic*],
         [POPT_LINKAGE=static
          POPT_LIBS=$mmcat_static_popt_libs])])
    CFLAGS=$mmcat_save_CFLAGS
    LIBS=$mmcat_save_LIBS
    AC_MSG_RESULT([$POPT_LINKAGE])
    AS_IF([test "x$POPT_LINKAGE" = xshared],
      [AC_MSG_FAILURE([--enable-static-popt: popt does not link statically
with $POPT_LIBS (no libpopt.a, or a linker without -Bstatic)])])])
  AC_SUBST([POPT_LINKAGE])
])
