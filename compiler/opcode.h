/* opcode.h — everything about opcodes, derived from opcodes.def.
 * Used by the compiler, the eval loop, the disassembler and the specializer. */
#ifndef WF_OPCODE_H
#define WF_OPCODE_H

#include <stdbool.h>
#include <stdint.h>

/* WF_OPF_* flags */
#define WF_OPF_ARG            0x01  /* uses its argument */
#define WF_OPF_CONST          0x02  /* argument indexes co_consts */
#define WF_OPF_NAME           0x04  /* argument (or argument >> 1) indexes co_names */
#define WF_OPF_LOCAL          0x08  /* argument indexes localsplus */
#define WF_OPF_JUMP_FORWARD   0x10
#define WF_OPF_JUMP_BACKWARD  0x20
#define WF_OPF_NO_FALLTHROUGH 0x40  /* never continues with the next instruction */

typedef enum WfOpcode {
#define WF_OPCODE(name, cache, pops, pushes, jump_net, flags) name,
#include "compiler/opcodes.def"
#undef WF_OPCODE
    WF_OPCODE_COUNT
} WfOpcode;

/* CALL_INTRINSIC_1 arguments */
enum WfIntrinsic1 {
    WF_INTRINSIC_IMPORT_STAR = 1,         /* (module -- None): from module import * into the locals */
    WF_INTRINSIC_STOPITERATION_ERROR = 2, /* (exc -- exc'): StopIteration escaping a generator becomes RuntimeError */
    WF_INTRINSIC_LIST_TO_TUPLE = 3,       /* (list -- tuple) */
};

extern const char *const wf_opcode_names[WF_OPCODE_COUNT];
extern const uint8_t wf_opcode_cache_size[WF_OPCODE_COUNT];
extern const uint8_t wf_opcode_flags[WF_OPCODE_COUNT];

/* Net stack effect of one instruction; jump selects the branch-taken path.
 * Returns INT32_MIN for an unknown opcode. */
int wf_opcode_stack_effect(int opcode, int oparg, bool jump);
int wf_opcode_pops(int opcode, int oparg);
int wf_opcode_pushes(int opcode, int oparg);

static inline bool wf_opcode_is_jump(int opcode) {
    return (wf_opcode_flags[opcode] & (WF_OPF_JUMP_FORWARD | WF_OPF_JUMP_BACKWARD)) != 0;
}

#endif /* WF_OPCODE_H */
