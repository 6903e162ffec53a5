# The layering the link lines must hold (docs/architecture.md): which
# targets may never link which libraries. Checked when the project is
# configured, so a forbidden dependency fails the configure instead of
# creeping in.
#
#   hall_forbid_links(TARGET t FORBIDDEN lib...)
#     fails with "hall layering: t links lib (via a -> b -> lib)" when t
#     links any of the libraries directly or through other targets.
#
# What counts as linking a forbidden library `lib` (a target name):
#  - the target itself, or an ALIAS of it;
#  - its raw name (OpenSSL::SSL is ssl, OpenSSL::Crypto crypto,
#    PkgConfig::SQLCIPHER sqlcipher, PkgConfig::QRENCODE qrencode; glfw is
#    glfw), as a plain name, -lname, -l:libname.so or a path to libname.so /
#    libname.a, in a link list or in LINK_OPTIONS / INTERFACE_LINK_OPTIONS
#    (LINKER:, SHELL: and -Wl, are looked through);
#  - any of these reached through an imported target (its
#    INTERFACE_LINK_LIBRARIES, INTERFACE_LINK_OPTIONS, IMPORTED_LOCATION*).
# The check refuses what it cannot see through, so nothing slips past it:
#  - a generator expression other than $<LINK_ONLY:x>, $<BUILD_INTERFACE:x>,
#    $<INSTALL_INTERFACE:x> (not part of the build), $<0:x>, $<1:x> and
#    $<$<CONFIG:...>:x> / $<$<NOT:$<CONFIG:...>>:x> (x counts in every
#    configuration);
#  - a plain name that is no target (a misspelt target, or a library linked
#    by its raw name), except the system libraries in HALL_SYSTEM_LIBRARIES.

# Plain library names that may be linked without a target.
set(HALL_SYSTEM_LIBRARIES m dl pthread rt atomic)

# The raw names the linker knows library `lib` by.
function(_hall_raw_names lib out_var)
  if(lib STREQUAL "OpenSSL::SSL")
    set(names ssl)
  elseif(lib STREQUAL "OpenSSL::Crypto")
    set(names crypto)
  elseif(lib STREQUAL "PkgConfig::SQLCIPHER")
    set(names sqlcipher)
  elseif(lib STREQUAL "PkgConfig::QRENCODE")
    set(names qrencode)
  elseif(lib MATCHES "^[A-Za-z0-9_-]+$")
    set(names "${lib}")
  else()
    set(names "")
  endif()
  set(${out_var} "${names}" PARENT_SCOPE)
endfunction()

# Sets out_var to TRUE when link item `item` is library `lib`. A bare raw
# name counts only when `bare` (a link list entry, not a link option word).
function(_hall_item_is item lib bare out_var)
  set(hit FALSE)
  if("${item}" STREQUAL "${lib}")
    set(hit TRUE)
  elseif(TARGET "${item}")
    get_target_property(aliased "${item}" ALIASED_TARGET)
    if(aliased AND "${aliased}" STREQUAL "${lib}")
      set(hit TRUE)
    endif()
  else()
    _hall_raw_names("${lib}" names)
    foreach(name IN LISTS names)
      if((bare AND "${item}" STREQUAL "${name}") OR
         "${item}" STREQUAL "-l${name}" OR
         "${item}" MATCHES "^-l:lib${name}[.](so|a)([.][0-9.]*)?$" OR
         "${item}" MATCHES "(^|/)lib${name}[.](so|a)([.][0-9.]*)?$")
        set(hit TRUE)
      endif()
    endforeach()
  endif()
  set(${out_var} ${hit} PARENT_SCOPE)
endfunction()

# Evaluates the generator expressions this check understands around `item`;
# ok_var is FALSE when one is left that it cannot evaluate.
function(_hall_eval item out_var ok_var)
  set(v "${item}")
  while(TRUE)
    if(v MATCHES "^[$]<(LINK_ONLY|BUILD_INTERFACE):(.*)>$")
      set(v "${CMAKE_MATCH_2}")
    elseif(v MATCHES "^[$]<(INSTALL_INTERFACE|0):.*>$")
      set(v "")
    # One MATCHES per branch: a later failed MATCHES would clear CMAKE_MATCH_n.
    elseif(v MATCHES "^[$]<1:(.*)>$")
      set(v "${CMAKE_MATCH_1}")
    elseif(v MATCHES "^[$]<[$]<CONFIG:[A-Za-z0-9_,]*>:(.*)>$")
      set(v "${CMAKE_MATCH_1}")
    elseif(v MATCHES "^[$]<[$]<NOT:[$]<CONFIG:[A-Za-z0-9_,]*>>:(.*)>$")
      set(v "${CMAKE_MATCH_1}")
    else()
      break()
    endif()
  endwhile()
  if(v MATCHES "[$]<")
    set(${ok_var} FALSE PARENT_SCOPE)
  else()
    set(${ok_var} TRUE PARENT_SCOPE)
  endif()
  set(${out_var} "${v}" PARENT_SCOPE)
endfunction()

# The words of a link option that name a library: -lname (also "-l name"),
# -l:file and paths, with LINKER:, SHELL: and -Wl, looked through.
function(_hall_option_words option out_var)
  string(REGEX REPLACE "^(LINKER|SHELL):" "" text "${option}")
  string(REGEX REPLACE "[, \t]+" ";" words "${text}")
  set(out "")
  set(after_l FALSE)
  foreach(w IN LISTS words)
    if(after_l)
      list(APPEND out "-l${w}")
      set(after_l FALSE)
    elseif(w STREQUAL "-l")
      set(after_l TRUE)
    elseif(w MATCHES "^-l" OR w MATCHES "/")
      list(APPEND out "${w}")
    endif()
  endforeach()
  set(${out_var} "${out}" PARENT_SCOPE)
endfunction()

# Everything `target` links, as "kind|item|chain" entries in link order:
#   LIB      a target, a path or a flag (checked against the forbidden list)
#   RAW      a plain name that is no target
#   OPT      a word of a link option that names a library
#   GENEX    a generator expression this check cannot evaluate
function(_hall_link_closure target chain out_var)
  set(found "")
  get_target_property(imported ${target} IMPORTED)
  set(option_props INTERFACE_LINK_OPTIONS)
  if(NOT imported)
    list(PREPEND option_props LINK_OPTIONS)
  endif()
  foreach(prop IN LISTS option_props)
    get_target_property(options ${target} ${prop})
    if(NOT options)
      continue()
    endif()
    foreach(option IN LISTS options)
      _hall_eval("${option}" value ok)
      if(NOT ok)
        list(APPEND found "GENEX|${option}|${chain} -> ${prop} ${option}")
        continue()
      endif()
      _hall_option_words("${value}" words)
      foreach(w IN LISTS words)
        list(APPEND found "OPT|${w}|${chain} -> ${prop} ${option}")
      endforeach()
    endforeach()
  endforeach()
  if(imported)
    set(locations "")
    get_target_property(configs ${target} IMPORTED_CONFIGURATIONS)
    set(location_props IMPORTED_LOCATION IMPORTED_IMPLIB)
    if(configs)
      foreach(config IN LISTS configs)
        string(TOUPPER "${config}" config)
        list(APPEND location_props IMPORTED_LOCATION_${config}
             IMPORTED_IMPLIB_${config})
      endforeach()
    endif()
    foreach(prop IN LISTS location_props)
      get_target_property(location ${target} ${prop})
      if(location)
        list(APPEND found "LIB|${location}|${chain} -> ${location}")
      endif()
    endforeach()
  endif()
  foreach(prop LINK_LIBRARIES INTERFACE_LINK_LIBRARIES)
    get_target_property(libs ${target} ${prop})
    if(NOT libs)
      continue()
    endif()
    foreach(entry IN LISTS libs)
      # Links added from another directory come wrapped in ::@ markers.
      if(entry MATCHES "^::@" OR entry STREQUAL "")
        continue()
      endif()
      _hall_eval("${entry}" lib ok)
      if(NOT ok)
        list(APPEND found "GENEX|${entry}|${chain} -> ${entry}")
        continue()
      endif()
      if(lib STREQUAL "")
        continue()
      endif()
      if(TARGET "${lib}")
        list(APPEND found "LIB|${lib}|${chain} -> ${lib}")
        string(FIND "${chain} " " -> ${lib} " seen)
        if(seen EQUAL -1 AND NOT "${chain}" STREQUAL "${lib}")
          get_target_property(aliased "${lib}" ALIASED_TARGET)
          if(aliased)
            set(real "${aliased}")
          else()
            set(real "${lib}")
          endif()
          _hall_link_closure(${real} "${chain} -> ${lib}" sub)
          list(APPEND found ${sub})
        endif()
      elseif(lib MATCHES "^-" OR lib MATCHES "/")
        list(APPEND found "LIB|${lib}|${chain} -> ${lib}")
      elseif(NOT lib IN_LIST HALL_SYSTEM_LIBRARIES)
        list(APPEND found "RAW|${lib}|${chain} -> ${lib}")
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
    list(GET parts 0 kind)
    list(GET parts 1 item)
    list(GET parts 2 chain)
    if(kind STREQUAL "GENEX")
      message(FATAL_ERROR
        "hall layering: ${L_TARGET} links ${item} (via ${chain}), a "
        "generator expression this check cannot evaluate, so it cannot tell "
        "what is linked. Link the target itself, or teach "
        "cmake/HallLayering.cmake the expression.")
    endif()
    set(bare FALSE)
    if(NOT kind STREQUAL "OPT")
      set(bare TRUE)
    endif()
    foreach(bad IN LISTS L_FORBIDDEN)
      _hall_item_is("${item}" "${bad}" ${bare} hit)
      if(hit)
        message(FATAL_ERROR
          "hall layering: ${L_TARGET} links ${bad} (via ${chain}). "
          "See docs/architecture.md, \"Layering\": move the code that needs "
          "${bad} into a target that may link it.")
      endif()
    endforeach()
    if(kind STREQUAL "RAW")
      message(FATAL_ERROR
        "hall layering: ${L_TARGET} links ${item} (via ${chain}), which is "
        "no target: a misspelt target, or a library named raw. Link the "
        "target (or the imported target find_package or pkg_check_modules "
        "makes) instead.")
    endif()
  endforeach()
endfunction()

# What a verifier, a trustee's laptop and the rules command must never pull in.
set(HALL_NO_STORAGE_NO_TLS PkgConfig::SQLCIPHER PkgConfig::QRENCODE
    OpenSSL::SSL OpenSSL::Crypto glfw imgui)

function(hall_check_layering)
  # HALL_LAYERING_PROBE=target:item adds a forbidden link on purpose
  # (tests/layering proves the check fails the configure). `item` is linked
  # as it is (a target, raw name, flag, path or generator expression), or:
  #   LINK_OPTIONS=opt / INTERFACE_LINK_OPTIONS=opt  a link option
  #   IMPORTED=lib            an imported target hall_probe::imported
  #                           whose INTERFACE_LINK_LIBRARIES is lib
  #   IMPORTED_LOCATION=file  an imported target hall_probe::imported
  #                           for the library file
  if(HALL_LAYERING_PROBE)
    string(REGEX REPLACE "^([^:]+):.*$" "\\1" probe_target "${HALL_LAYERING_PROBE}")
    string(REGEX REPLACE "^[^:]+:(.*)$" "\\1" probe_lib "${HALL_LAYERING_PROBE}")
    if(probe_lib MATCHES "^LINK_OPTIONS=(.*)$")
      target_link_options(${probe_target} PRIVATE "${CMAKE_MATCH_1}")
    elseif(probe_lib MATCHES "^INTERFACE_LINK_OPTIONS=(.*)$")
      target_link_options(${probe_target} INTERFACE "${CMAKE_MATCH_1}")
    elseif(probe_lib MATCHES "^IMPORTED=(.*)$")
      add_library(hall_probe::imported INTERFACE IMPORTED)
      set_target_properties(hall_probe::imported PROPERTIES
                            INTERFACE_LINK_LIBRARIES "${CMAKE_MATCH_1}")
      target_link_libraries(${probe_target} PUBLIC hall_probe::imported)
    elseif(probe_lib MATCHES "^IMPORTED_LOCATION=(.*)$")
      add_library(hall_probe::imported UNKNOWN IMPORTED)
      set_target_properties(hall_probe::imported PROPERTIES
                            IMPORTED_LOCATION "${CMAKE_MATCH_1}")
      target_link_libraries(${probe_target} PUBLIC hall_probe::imported)
    else()
      target_link_libraries(${probe_target} PUBLIC ${probe_lib})
    endif()
  endif()
  foreach(t hall_base hall_crypto hall_shared hall_cli hall_key_files
            hall-rules hall-trustee hall-recipient)
    hall_forbid_links(TARGET ${t} FORBIDDEN ${HALL_NO_STORAGE_NO_TLS})
  endforeach()
  # The auditor's verifier reads files only: no storage, no TLS, no hall
  # server, no drawing, no network.
  foreach(t hall_audit hall-audit)
    hall_forbid_links(TARGET ${t} FORBIDDEN ${HALL_NO_STORAGE_NO_TLS}
                      hall_server hall_net hall_server_admin glfw imgui)
  endforeach()
  # Only the committee's tools draw documents: never the hall server, its
  # transport, the kiosk or the auditor's verifier.
  foreach(t hall_server hall-server hall_net hall_kiosk_core hall_audit
            hall-audit)
    hall_forbid_links(TARGET ${t} FORBIDDEN hall_paper PkgConfig::PANGOCAIRO)
  endforeach()
  # The committee console prints slips (qrencode) but holds no database
  # and speaks no TLS: files only.
  hall_forbid_links(TARGET hall-console FORBIDDEN PkgConfig::SQLCIPHER
                    OpenSSL::SSL OpenSSL::Crypto glfw imgui)
  # The transport may use TLS but never storage or drawing.
  hall_forbid_links(TARGET hall_net FORBIDDEN PkgConfig::SQLCIPHER
                    PkgConfig::QRENCODE glfw imgui)
  # The kiosk holds no database and is no server; its core never draws.
  hall_forbid_links(TARGET hall_kiosk_core FORBIDDEN PkgConfig::SQLCIPHER
                    hall_server glfw imgui)
  # Production libraries never link the simulation (load generator, demo)
  # nor the seeded test random source.
  foreach(t hall_server hall_server_admin hall-server hall-admin)
    hall_forbid_links(TARGET ${t} FORBIDDEN hall_loadgen hall_demo hall_soak)
  endforeach()
  foreach(t hall_base hall_crypto hall_shared hall_net hall_cli hall_key_files
            hall_server hall_server_admin hall-server hall-admin hall-trustee
            hall-rules hall_audit hall-audit)
    hall_forbid_links(TARGET ${t} FORBIDDEN hall_crypto_testing)
  endforeach()
endfunction()
