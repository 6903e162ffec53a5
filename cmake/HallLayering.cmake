# The layering the link lines must hold (docs/architecture.md): which
# targets may never link which libraries. Checked when the project is
# configured, so a forbidden dependency fails the configure instead of
# creeping in.
#
#   hall_forbid_links(TARGET t FORBIDDEN lib...)
#     fails with "hall layering: t links lib (via a -> b -> lib)" when t
#     links any of the libraries directly or through other targets.

function(_hall_link_closure target chain out_var)
  set(found "")
  foreach(prop LINK_LIBRARIES INTERFACE_LINK_LIBRARIES)
    get_target_property(libs ${target} ${prop})
    if(NOT libs)
      continue()
    endif()
    foreach(lib IN LISTS libs)
      # Static libraries list private dependencies as $<LINK_ONLY:x>.
      string(REGEX REPLACE "^\\$<LINK_ONLY:(.*)>$" "\\1" lib "${lib}")
      # Links added from another directory come wrapped in ::@ markers.
      if(lib MATCHES "^\\$<" OR lib MATCHES "^::@" OR lib STREQUAL "")
        continue()
      endif()
      list(APPEND found "${lib}|${chain} -> ${lib}")
      if(TARGET ${lib} AND NOT "${chain}" MATCHES " -> ${lib}( |$)")
        get_target_property(imported ${lib} IMPORTED)
        if(NOT imported)
          _hall_link_closure(${lib} "${chain} -> ${lib}" sub)
          list(APPEND found ${sub})
        endif()
      endif()
    endforeach()
  endforeach()
  set(${out_var} "${found}" PARENT_SCOPE)
endfunction()

function(hall_forbid_links)
  cmake_parse_arguments(L "" "TARGET" "FORBIDDEN" ${ARGN})
  if(NOT TARGET ${L_TARGET})
    return()
  endif()
  _hall_link_closure(${L_TARGET} "${L_TARGET}" closure)
  foreach(entry IN LISTS closure)
    string(REPLACE "|" ";" parts "${entry}")
    list(GET parts 0 lib)
    list(GET parts 1 chain)
    foreach(bad IN LISTS L_FORBIDDEN)
      if(lib STREQUAL bad OR lib MATCHES "(^|/)lib${bad}[.]")
        message(FATAL_ERROR
          "hall layering: ${L_TARGET} links ${bad} (via ${chain}). "
          "See docs/architecture.md, \"Layering\": move the code that needs "
          "${bad} into a target that may link it.")
      endif()
    endforeach()
  endforeach()
endfunction()

# What a verifier, a trustee's laptop and the rules command must never pull in.
set(HALL_NO_STORAGE_NO_TLS PkgConfig::SQLCIPHER PkgConfig::QRENCODE
    OpenSSL::SSL OpenSSL::Crypto glfw imgui)

function(hall_check_layering)
  # HALL_LAYERING_PROBE=target:library adds a forbidden link on purpose
  # (tests/layering proves the check fails the configure).
  if(HALL_LAYERING_PROBE)
    string(REGEX REPLACE "^([^:]+):.*$" "\\1" probe_target "${HALL_LAYERING_PROBE}")
    string(REGEX REPLACE "^[^:]+:(.*)$" "\\1" probe_lib "${HALL_LAYERING_PROBE}")
    target_link_libraries(${probe_target} PUBLIC ${probe_lib})
  endif()
  foreach(t hall_base hall_crypto hall_shared hall_cli hall_key_files
            hall-rules hall-trustee)
    hall_forbid_links(TARGET ${t} FORBIDDEN ${HALL_NO_STORAGE_NO_TLS})
  endforeach()
  # The transport may use TLS but never storage or drawing.
  hall_forbid_links(TARGET hall_net FORBIDDEN PkgConfig::SQLCIPHER
                    PkgConfig::QRENCODE glfw imgui)
  # Production libraries never link the simulation (load generator, demo).
  foreach(t hall_server hall_server_admin hall-server hall-admin)
    hall_forbid_links(TARGET ${t} FORBIDDEN hall_loadgen hall_demo)
  endforeach()
endfunction()
