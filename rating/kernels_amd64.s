//go:build !purego

#include "textflag.h"

// Two firms a loop, each lane as linear1Go/linear2Go: u = (v − worst)·inv;
// c = MINPD(MAXPD(u, 0), 100) (MAXPD returns its source operand, +0, when
// u is NaN or when both are zeros, so −0 gives +0); p = w·c + (u − u);
// tot + p. A last odd firm takes the same steps on scalars.

// func linear1(tot, x []float64, worst, inv, w float64)
TEXT ·linear1(SB), NOSPLIT, $0-72
	MOVQ tot_base+0(FP), DI
	MOVQ tot_len+8(FP), CX
	MOVQ x_base+24(FP), SI
	MOVSD worst+48(FP), X8
	UNPCKLPD X8, X8
	MOVSD inv+56(FP), X9
	UNPCKLPD X9, X9
	MOVSD w+64(FP), X10
	UNPCKLPD X10, X10
	XORPS X14, X14
	MOVQ $0x4059000000000000, AX // 100.0
	MOVQ AX, X7
	UNPCKLPD X7, X7
	XORQ AX, AX
	MOVQ CX, BX
	ANDQ $-2, BX
	JMP l1cond
l1loop:
	MOVUPD (SI)(AX*8), X0
	SUBPD X8, X0
	MULPD X9, X0
	MOVAPD X0, X1
	MAXPD X14, X1
	MINPD X7, X1
	MULPD X10, X1
	SUBPD X0, X0
	ADDPD X0, X1
	MOVUPD (DI)(AX*8), X4
	ADDPD X1, X4
	MOVUPD X4, (DI)(AX*8)
	ADDQ $2, AX
l1cond:
	CMPQ AX, BX
	JLT l1loop
	CMPQ AX, CX
	JGE l1done
	MOVSD (SI)(AX*8), X0
	SUBSD X8, X0
	MULSD X9, X0
	MOVAPD X0, X1
	MAXSD X14, X1
	MINSD X7, X1
	MULSD X10, X1
	SUBSD X0, X0
	ADDSD X0, X1
	MOVSD (DI)(AX*8), X4
	ADDSD X1, X4
	MOVSD X4, (DI)(AX*8)
l1done:
	RET

// func linear2(tot, x, y []float64, worst, inv, w, worst2, inv2, w2 float64)
TEXT ·linear2(SB), NOSPLIT, $0-120
	MOVQ tot_base+0(FP), DI
	MOVQ tot_len+8(FP), CX
	MOVQ x_base+24(FP), SI
	MOVQ y_base+48(FP), DX
	MOVSD worst+72(FP), X8
	UNPCKLPD X8, X8
	MOVSD inv+80(FP), X9
	UNPCKLPD X9, X9
	MOVSD w+88(FP), X10
	UNPCKLPD X10, X10
	MOVSD worst2+96(FP), X11
	UNPCKLPD X11, X11
	MOVSD inv2+104(FP), X12
	UNPCKLPD X12, X12
	MOVSD w2+112(FP), X13
	UNPCKLPD X13, X13
	XORPS X14, X14
	MOVQ $0x4059000000000000, AX // 100.0
	MOVQ AX, X7
	UNPCKLPD X7, X7
	XORQ AX, AX
	MOVQ CX, BX
	ANDQ $-2, BX
	JMP l2cond
l2loop:
	MOVUPD (SI)(AX*8), X0
	SUBPD X8, X0
	MULPD X9, X0
	MOVAPD X0, X1
	MAXPD X14, X1
	MINPD X7, X1
	MULPD X10, X1
	SUBPD X0, X0
	ADDPD X0, X1
	MOVUPD (DX)(AX*8), X2
	SUBPD X11, X2
	MULPD X12, X2
	MOVAPD X2, X3
	MAXPD X14, X3
	MINPD X7, X3
	MULPD X13, X3
	SUBPD X2, X2
	ADDPD X2, X3
	MOVUPD (DI)(AX*8), X4
	ADDPD X1, X4
	ADDPD X3, X4
	MOVUPD X4, (DI)(AX*8)
	ADDQ $2, AX
l2cond:
	CMPQ AX, BX
	JLT l2loop
	CMPQ AX, CX
	JGE l2done
	MOVSD (SI)(AX*8), X0
	SUBSD X8, X0
	MULSD X9, X0
	MOVAPD X0, X1
	MAXSD X14, X1
	MINSD X7, X1
	MULSD X10, X1
	SUBSD X0, X0
	ADDSD X0, X1
	MOVSD (DX)(AX*8), X2
	SUBSD X11, X2
	MULSD X12, X2
	MOVAPD X2, X3
	MAXSD X14, X3
	MINSD X7, X3
	MULSD X13, X3
	SUBSD X2, X2
	ADDSD X2, X3
	MOVSD (DI)(AX*8), X4
	ADDSD X1, X4
	ADDSD X3, X4
	MOVSD X4, (DI)(AX*8)
l2done:
	RET

// The band of a step function, or the segment of a piecewise one, is
// counted two firms at a time: CMPPD $2 (cut ≤ v) gives a lane of ones
// for each cut at or below v, and subtracting the masks counts them. IEEE
// comparisons treat −0 as +0 and a NaN v as above no cut, as ge and gt do
// on the values the Go kernels compare (a NaN total still sends the firm
// the slow way). Each lane then reads its table entry by its count.

// CUT adds 1 to the lanes of X10 whose v (X9) is ≥ cut c.
#define CUT(c) MOVAPD c, X11; CMPPD X9, X11, $2; PSUBQ X11, X10

// BANDS4 and BANDS8 count the cuts in X0-X3 or X0-X7 at or below X9 into
// X10 and move the lanes' counts to AX (low) and BX (high).
#define BANDS4 PXOR X10, X10; CUT(X0); CUT(X1); CUT(X2); CUT(X3)
#define BANDS8 BANDS4; CUT(X4); CUT(X5); CUT(X6); CUT(X7)
#define LANES MOVQ X10, AX; PSHUFD $0xEE, X10, X11; MOVQ X11, BX

// STEP adds w·ys[band] + (v − v) to the totals at (DI)(CX*8), with LD and
// ST the load and store of two lanes (MOVUPD) or one (MOVSD).
#define STEP(LD, ST) \
	MOVSD (DX)(AX*8), X12; MOVHPD (DX)(BX*8), X12; \
	MULPD X8, X12; MOVAPD X9, X13; SUBPD X9, X13; ADDPD X13, X12; \
	LD (DI)(CX*8), X14; ADDPD X12, X14; ST X14, (DI)(CX*8)

// func stepBands(tot, x []float64, cut *[8]float64, ys *[16]float64, w float64, n int)
TEXT ·stepBands(SB), NOSPLIT, $0-80
	MOVQ tot_base+0(FP), DI
	MOVQ tot_len+8(FP), R8
	MOVQ x_base+24(FP), SI
	MOVQ cut+48(FP), R9
	MOVQ ys+56(FP), DX
	MOVSD w+64(FP), X8
	UNPCKLPD X8, X8
	MOVQ n+72(FP), R10
	MOVSD 0(R9), X0
	UNPCKLPD X0, X0
	MOVSD 8(R9), X1
	UNPCKLPD X1, X1
	MOVSD 16(R9), X2
	UNPCKLPD X2, X2
	MOVSD 24(R9), X3
	UNPCKLPD X3, X3
	MOVSD 32(R9), X4
	UNPCKLPD X4, X4
	MOVSD 40(R9), X5
	UNPCKLPD X5, X5
	MOVSD 48(R9), X6
	UNPCKLPD X6, X6
	MOVSD 56(R9), X7
	UNPCKLPD X7, X7
	XORQ CX, CX
	MOVQ R8, R11
	ANDQ $-2, R11
	CMPQ R10, $4
	JNE s8cond
	JMP s4cond
s4loop:
	MOVUPD (SI)(CX*8), X9
	BANDS4
	LANES
	STEP(MOVUPD, MOVUPD)
	ADDQ $2, CX
s4cond:
	CMPQ CX, R11
	JLT s4loop
	CMPQ CX, R8
	JGE sdone
	MOVSD (SI)(CX*8), X9
	BANDS4
	LANES
	STEP(MOVSD, MOVSD)
	RET
s8loop:
	MOVUPD (SI)(CX*8), X9
	BANDS8
	LANES
	STEP(MOVUPD, MOVUPD)
	ADDQ $2, CX
s8cond:
	CMPQ CX, R11
	JLT s8loop
	CMPQ CX, R8
	JGE sdone
	MOVSD (SI)(CX*8), X9
	BANDS8
	LANES
	STEP(MOVSD, MOVSD)
sdone:
	RET

// SEGMENT adds w·(py[k] + pdy[k]·(v − px[k])/pdx[k]) to the totals, k
// the lanes' segments in AX and BX, tables at R12 (px), R13 (py), R14
// (pdx), R15 (pdy).
#define GATHER(t, r) MOVSD (t)(AX*8), r; MOVHPD (t)(BX*8), r
#define SEGMENT(LD, ST) \
	GATHER(R12, X10); MOVAPD X9, X11; SUBPD X10, X11; \
	GATHER(R15, X10); MULPD X10, X11; \
	GATHER(R14, X10); DIVPD X10, X11; \
	GATHER(R13, X10); ADDPD X11, X10; MULPD X8, X10; \
	LD (DI)(CX*8), X14; ADDPD X10, X14; ST X14, (DI)(CX*8)

// FIRST adds 1 to the lanes of X10 whose v is > the first breakpoint X12.
#define FIRST MOVAPD X12, X11; CMPPD X9, X11, $1; PSUBQ X11, X10

// func pieceSegments(tot, x []float64, first float64, cut *[8]float64, px, py, pdx, pdy *[16]float64, w float64, n int)
TEXT ·pieceSegments(SB), NOSPLIT, $0-112
	MOVQ tot_base+0(FP), DI
	MOVQ tot_len+8(FP), R8
	MOVQ x_base+24(FP), SI
	MOVSD first+48(FP), X12
	UNPCKLPD X12, X12
	MOVQ cut+56(FP), R9
	MOVQ px+64(FP), R12
	MOVQ py+72(FP), R13
	MOVQ pdx+80(FP), R14
	MOVQ pdy+88(FP), R15
	MOVSD w+96(FP), X8
	UNPCKLPD X8, X8
	MOVQ n+104(FP), R10
	MOVSD 0(R9), X0
	UNPCKLPD X0, X0
	MOVSD 8(R9), X1
	UNPCKLPD X1, X1
	MOVSD 16(R9), X2
	UNPCKLPD X2, X2
	MOVSD 24(R9), X3
	UNPCKLPD X3, X3
	MOVSD 32(R9), X4
	UNPCKLPD X4, X4
	MOVSD 40(R9), X5
	UNPCKLPD X5, X5
	MOVSD 48(R9), X6
	UNPCKLPD X6, X6
	MOVSD 56(R9), X7
	UNPCKLPD X7, X7
	XORQ CX, CX
	MOVQ R8, R11
	ANDQ $-2, R11
	CMPQ R10, $4
	JNE p8cond
	JMP p4cond
p4loop:
	MOVUPD (SI)(CX*8), X9
	BANDS4
	FIRST
	LANES
	SEGMENT(MOVUPD, MOVUPD)
	ADDQ $2, CX
p4cond:
	CMPQ CX, R11
	JLT p4loop
	CMPQ CX, R8
	JGE pdone
	MOVSD (SI)(CX*8), X9
	BANDS4
	FIRST
	LANES
	SEGMENT(MOVSD, MOVSD)
	RET
p8loop:
	MOVUPD (SI)(CX*8), X9
	BANDS8
	FIRST
	LANES
	SEGMENT(MOVUPD, MOVUPD)
	ADDQ $2, CX
p8cond:
	CMPQ CX, R11
	JLT p8loop
	CMPQ CX, R8
	JGE pdone
	MOVSD (SI)(CX*8), X9
	BANDS8
	FIRST
	LANES
	SEGMENT(MOVSD, MOVSD)
pdone:
	RET
