# Warning flags applied to every target of the project through co_target_warnings().
function(co_target_warnings target)
  if(CMAKE_C_COMPILER_ID MATCHES "GNU|Clang")
    target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow
      -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 -Wvla -Wcast-qual
      $<$<BOOL:${CO_WARNINGS_AS_ERRORS}>:-Werror>)
  endif()
endfunction()
