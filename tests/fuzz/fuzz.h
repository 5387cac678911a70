/* fuzz.h: what each harness in tests/fuzz defines.  libFuzzer calls it
 * with generated inputs (make fuzz); replay.c calls it with each file of
 * the harness's committed corpus (make check).  It must not leak, read
 * out of bounds, or overflow a signed integer on any input: the
 * sanitizers it is built with turn each into a crash. */
#ifndef MLK_FUZZ_H
#define MLK_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#endif
