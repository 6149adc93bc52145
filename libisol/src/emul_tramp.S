/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * emul_tramp.S - the only code from which an emulated RT thread may enter
 * the kernel directly.  Everything here is in section isol_emul_text, the
 * address range that Syscall User Dispatch is told to let through.
 *
 * Registers: the syscall instruction clobbers rcx and r11, and no caller
 * keeps flags across it (GCC's x86 inline asm always clobbers "cc"), so
 * the trampolines below use rcx, r11 and flags freely after it.
 */
	.section isol_emul_text, "ax", @progbits

/* long isol_emul_syscall6(long nr, long a1, ..., long a5, long a6) */
	.p2align 4
	.globl	isol_emul_syscall6
	.hidden	isol_emul_syscall6
	.type	isol_emul_syscall6, @function
isol_emul_syscall6:
	.cfi_startproc
	endbr64
	movq	%rdi, %rax
	movq	%rsi, %rdi
	movq	%rdx, %rsi
	movq	%rcx, %rdx
	movq	%r8, %r10
	movq	%r9, %r8
	movq	8(%rsp), %r9
	syscall
	ret
	.cfi_endproc
	.size	isol_emul_syscall6, . - isol_emul_syscall6

/*
 * void isol_emul_sigreturn(ucontext_t *uc) __attribute__((noreturn))
 * Return from the SIGSYS handler whose frame holds @uc: rt_sigreturn finds
 * its frame at rsp - 8, and frame->uc sits right after frame->pretcode.
 */
	.p2align 4
	.globl	isol_emul_sigreturn
	.hidden	isol_emul_sigreturn
	.type	isol_emul_sigreturn, @function
isol_emul_sigreturn:
	.cfi_startproc
	endbr64
	movq	%rdi, %rsp
	movl	$15, %eax		/* __NR_rt_sigreturn */
	syscall
	ud2
	.cfi_endproc
	.size	isol_emul_sigreturn, . - isol_emul_sigreturn

/*
 * The pass-through trampolines are entered by rt_sigreturn with the
 * application's registers (rax = syscall number), perform its syscall in
 * place and jump to the return address the handler pushed on the
 * per-thread isol_emul_rs stack: { long depth; void *slot[]; } with
 * slot[depth] (1-based) the top.
 */
	.macro	POP_AND_JUMP
	movq	isol_emul_rs@gottpoff(%rip), %r11
	addq	%fs:0, %r11		/* r11 = &isol_emul_rs */
	movq	(%r11), %rcx
	movq	(%r11,%rcx,8), %rcx	/* read before the pop: signal-safe */
	decq	(%r11)
	jmp	*%rcx
	.endm

	.p2align 4
	.globl	isol_emul_pass
	.hidden	isol_emul_pass
	.type	isol_emul_pass, @function
isol_emul_pass:
	syscall
	POP_AND_JUMP
	.size	isol_emul_pass, . - isol_emul_pass

/* clone/clone3 with a new stack: the child finds its return at -8(%rsp). */
	.p2align 4
	.globl	isol_emul_pass_newstack
	.hidden	isol_emul_pass_newstack
	.type	isol_emul_pass_newstack, @function
isol_emul_pass_newstack:
	syscall
	testq	%rax, %rax
	jz	1f
	POP_AND_JUMP
1:	jmp	*-8(%rsp)
	.size	isol_emul_pass_newstack, . - isol_emul_pass_newstack

/*
 * vfork (and CLONE_VM without a new stack): the child shares the parent's
 * memory and TLS, so it reads the return address without popping it; the
 * parent pops when it resumes.
 */
	.p2align 4
	.globl	isol_emul_pass_vfork
	.hidden	isol_emul_pass_vfork
	.type	isol_emul_pass_vfork, @function
isol_emul_pass_vfork:
	syscall
	testq	%rax, %rax
	jz	1f
	POP_AND_JUMP
1:	movq	isol_emul_rs@gottpoff(%rip), %r11
	addq	%fs:0, %r11
	movq	(%r11), %rcx
	movq	(%r11,%rcx,8), %rcx
	jmp	*%rcx
	.size	isol_emul_pass_vfork, . - isol_emul_pass_vfork

	.section .note.GNU-stack, "", @progbits
