# Each layer of lib/ may include the private headers of the layers below it
# and no others. For every pair of layers, compile a one-line file of the
# first layer that includes a private header of the second, with exactly the
# include flags the first layer's object target compiles with, and check that
# it compiles exactly when the second layer is the first or one of its lower
# layers (the table below, as docs/conventions.md states it).
#
# Arguments: COMPILER, LIB_DIR (lib/), WORK_DIR, and INCLUDES_<layer> for each
# layer: its include directories separated by '|'.
set(below_core core)
set(below_numeric numeric core)
set(below_models models numeric core)
set(below_text text core)
set(below_metrics metrics numeric core)
set(below_store store core)
set(below_features features store text core)
set(below_sample sample store numeric core)
set(layers core numeric models text metrics store features sample)

file(MAKE_DIRECTORY ${WORK_DIR})
set(failures 0)
set(checked 0)
foreach(from ${layers})
  string(REPLACE "|" ";" dirs "${INCLUDES_${from}}")
  if(NOT dirs)
    message(FATAL_ERROR "no include directories given for layer ${from}")
  endif()
  set(flags "")
  foreach(dir ${dirs})
    list(APPEND flags "-I${dir}")
  endforeach()
  foreach(to ${layers})
    file(GLOB headers ${LIB_DIR}/${to}/*_internal.h)
    list(GET headers 0 header)
    get_filename_component(name ${header} NAME)
    set(probe ${WORK_DIR}/${from}_includes_${to}.c)
    file(WRITE ${probe} "#include \"${name}\"\n")
    execute_process(COMMAND ${COMPILER} -std=c11 -fsyntax-only ${flags} ${probe}
      RESULT_VARIABLE rc OUTPUT_QUIET ERROR_QUIET)
    list(FIND below_${from} ${to} allowed)
    math(EXPR checked "${checked} + 1")
    if(allowed EQUAL -1 AND rc EQUAL 0)
      message(SEND_ERROR "lib/${from} can include ${name} of lib/${to}, a layer it must not use")
      math(EXPR failures "${failures} + 1")
    elseif(NOT allowed EQUAL -1 AND NOT rc EQUAL 0)
      message(SEND_ERROR "lib/${from} cannot include ${name} of lib/${to}, a layer below it")
      math(EXPR failures "${failures} + 1")
    endif()
  endforeach()
endforeach()
if(failures EQUAL 0)
  message(STATUS "${checked} layer pairs: every include allowed or refused as the layers say")
endif()
