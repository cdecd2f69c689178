# Installation: headers, both libraries, pkg-config file and CMake package.
include(CMakePackageConfigHelpers)

install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
  FILES_MATCHING PATTERN "*.h")
install(DIRECTORY ${PROJECT_BINARY_DIR}/include/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
  FILES_MATCHING PATTERN "*.h")

install(TARGETS custorient custorient_static EXPORT custorientTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})

set(co_cmake_dir ${CMAKE_INSTALL_LIBDIR}/cmake/custorient)
install(EXPORT custorientTargets NAMESPACE custorient:: DESTINATION ${co_cmake_dir})
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/custorientConfig.cmake.in
  ${PROJECT_BINARY_DIR}/custorientConfig.cmake INSTALL_DESTINATION ${co_cmake_dir})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/custorientConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY ${CO_VERSION_COMPATIBILITY})
install(FILES ${PROJECT_BINARY_DIR}/custorientConfig.cmake
  ${PROJECT_BINARY_DIR}/custorientConfigVersion.cmake DESTINATION ${co_cmake_dir})

install(FILES ${PROJECT_SOURCE_DIR}/LICENSE DESTINATION ${CMAKE_INSTALL_DOCDIR})

configure_file(${PROJECT_SOURCE_DIR}/pkgconfig/custorient.pc.in
  ${PROJECT_BINARY_DIR}/custorient.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/custorient.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
