# cmake -DSOURCE= -DBINARY= -DPROBE=target:library -DEXPECT=regex -P this
# Configures the project with one forbidden link added; passes only when the
# configure fails and says which link broke the layering.
# "@<" in PROBE stands for "$<" (add_test would evaluate a generator
# expression given on its command line).
string(REPLACE "@<" "$<" PROBE "${PROBE}")
file(REMOVE_RECURSE ${BINARY})
execute_process(
  COMMAND ${CMAKE_COMMAND} -S ${SOURCE} -B ${BINARY} -G Ninja
          -DHALL_LAYERING_PROBE=${PROBE} -DHALL_BUILD_BENCHMARKS=OFF
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
file(REMOVE_RECURSE ${BINARY})
string(REGEX REPLACE "[ \n]+" " " err "${err}")
if(rc EQUAL 0)
  message(FATAL_ERROR "the configure with ${PROBE} succeeded; the layering check missed it")
endif()
if(NOT err MATCHES "hall layering: ${EXPECT}")
  message(FATAL_ERROR "the configure failed, but not naming the link:\n${err}")
endif()
message(STATUS "refused as expected: ${PROBE}")
