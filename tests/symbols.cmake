# Helpers of the symbol checks: what nm lists, and the public names of tests/abi/.

# The global symbols `nm ${nm_flags} library` defines, into list `out`.
function(co_defined_symbols library nm_flags out)
  execute_process(COMMAND nm ${nm_flags} --defined-only ${library}
    OUTPUT_VARIABLE nm_out RESULT_VARIABLE nm_rc)
  if(NOT nm_rc EQUAL 0)
    message(FATAL_ERROR "nm failed on ${library}")
  endif()
  string(REPLACE "\n" ";" nm_lines "${nm_out}")
  set(symbols "")
  foreach(line ${nm_lines})
    if(line MATCHES "^[0-9a-fA-F]* *[A-Z] ([A-Za-z_][A-Za-z0-9_.]*)$")
      list(APPEND symbols ${CMAKE_MATCH_1})
    endif()
  endforeach()
  list(SORT symbols)
  set(${out} ${symbols} PARENT_SCOPE)
endfunction()

# The public function names listed in dir/*.txt, one a line, into list `out`.
function(co_public_symbols dir out)
  file(GLOB lists ${dir}/*.txt)
  set(names "")
  foreach(f ${lists})
    file(STRINGS ${f} listed REGEX "^[A-Za-z_]")
    list(APPEND names ${listed})
  endforeach()
  list(SORT names)
  set(${out} ${names} PARENT_SCOPE)
endfunction()
