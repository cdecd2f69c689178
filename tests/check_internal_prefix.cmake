# Every global symbol the static library defines is public (co_, listed in
# tests/abi/) or internal with the one internal prefix co__. A static archive
# exposes all of them to the programs that link it, so an unprefixed helper
# such as "read_whole_file" would collide with the caller's own.
include(${CMAKE_CURRENT_LIST_DIR}/symbols.cmake)
co_defined_symbols(${LIBRARY} "-g" actual)
co_public_symbols(${EXPECTED_DIR} public)

list(LENGTH actual count)
if(count EQUAL 0)
  message(FATAL_ERROR "nm listed no global symbol in ${LIBRARY}")
endif()
foreach(sym ${actual})
  # Names with two leading underscores are the compiler's (e.g. ASan's
  # __odr_asan.* markers), reserved by C for the implementation.
  if(NOT sym MATCHES "^co__" AND NOT sym MATCHES "^__")
    list(FIND public ${sym} at)
    if(at EQUAL -1)
      message(SEND_ERROR "global symbol neither public nor co__-prefixed: ${sym}")
    endif()
  endif()
endforeach()
message(STATUS "${count} global symbols, each public or co__-prefixed")
