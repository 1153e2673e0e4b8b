//go:build !purego

#include "textflag.h"

// AVX2 and FMA kernels of the pass over the rows (kernels_amd64.go).
// Callers check cpu.X86.HasAVX2 && cpu.X86.HasFMA first. A row's last
// p mod 4 columns are read with VMASKMOVPD, which reads nothing from the
// masked lanes, so no load leaves a row's p values.

// tailmask<>+8·(4−rem) holds rem all-ones lanes then zeros: the mask of
// the last rem columns of a row.
DATA tailmask<>+0(SB)/8, $-1
DATA tailmask<>+8(SB)/8, $-1
DATA tailmask<>+16(SB)/8, $-1
DATA tailmask<>+24(SB)/8, $-1
DATA tailmask<>+32(SB)/8, $0
DATA tailmask<>+40(SB)/8, $0
DATA tailmask<>+48(SB)/8, $0
DATA tailmask<>+56(SB)/8, $0
GLOBL tailmask<>(SB), RODATA|NOPTR, $64

// func linearFMA(eta, x []float64, stride int, b []float64, b0 float64)
//
// eta[i] = b0 + Σ_j x[i·stride+j]·b[j] for the first len(eta) &^ 3 rows,
// four rows at a time: one accumulator of four columns a row, summed
// across its lanes at the end.
TEXT ·linearFMA(SB), NOSPLIT, $0-88
	MOVQ eta_base+0(FP), DI
	MOVQ eta_len+8(FP), CX
	SHRQ $2, CX
	JZ   lindone
	MOVQ x_base+24(FP), SI
	MOVQ stride+48(FP), DX
	SHLQ $3, DX                 // row distance in bytes
	LEAQ (DX)(DX*2), R13        // three rows
	MOVQ b_base+56(FP), BX
	MOVQ b_len+64(FP), R8
	MOVQ R8, R9
	ANDQ $3, R9                 // columns in the masked chunk
	SHRQ $2, R8                 // full chunks of four columns
	MOVQ $4, AX
	SUBQ R9, AX
	LEAQ tailmask<>(SB), R10
	VMOVUPD (R10)(AX*8), Y15
	VBROADCASTSD b0+80(FP), Y14

linrows:
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	VXORPD Y3, Y3, Y3
	XORQ AX, AX
	MOVQ R8, R11
	TESTQ R11, R11
	JZ   lintail

linchunk:
	VMOVUPD (BX)(AX*1), Y4
	LEAQ (SI)(AX*1), R12
	VFMADD231PD (R12), Y4, Y0
	VFMADD231PD (R12)(DX*1), Y4, Y1
	VFMADD231PD (R12)(DX*2), Y4, Y2
	VFMADD231PD (R12)(R13*1), Y4, Y3
	ADDQ $32, AX
	DECQ R11
	JNZ  linchunk

lintail:
	TESTQ R9, R9
	JZ   linsum
	LEAQ (BX)(AX*1), R12
	VMASKMOVPD (R12), Y15, Y4
	LEAQ (SI)(AX*1), R12
	VMASKMOVPD (R12), Y15, Y5
	VFMADD231PD Y5, Y4, Y0
	VMASKMOVPD (R12)(DX*1), Y15, Y6
	VFMADD231PD Y6, Y4, Y1
	VMASKMOVPD (R12)(DX*2), Y15, Y7
	VFMADD231PD Y7, Y4, Y2
	VMASKMOVPD (R12)(R13*1), Y15, Y8
	VFMADD231PD Y8, Y4, Y3

linsum:
	// [Σ Y0, Σ Y1, Σ Y2, Σ Y3] by pairwise sums.
	VHADDPD Y1, Y0, Y0          // y0₀+y0₁, y1₀+y1₁, y0₂+y0₃, y1₂+y1₃
	VHADDPD Y3, Y2, Y2          // the same for rows 2 and 3
	VPERM2F128 $0x21, Y2, Y0, Y4 // high half of Y0, low half of Y2
	VBLENDPD $0x0C, Y2, Y0, Y5  // low half of Y0, high half of Y2
	VADDPD Y4, Y5, Y5
	VADDPD Y14, Y5, Y5
	VMOVUPD Y5, (DI)
	ADDQ $32, DI
	LEAQ (SI)(DX*4), SI
	DECQ CX
	JNZ  linrows

lindone:
	VZEROUPPER
	RET

// func scoreFMA(g, x []float64, stride int, r []float64)
//
// g[j] += Σ_i r[i]·x[i·stride+j] for j < len(g) and i < len(r): four
// columns at a time, each over the rows in four partial sums (rows
// i ≡ 0, 1, 2, 3 mod 4), added at the end of the columns.
TEXT ·scoreFMA(SB), NOSPLIT, $0-80
	MOVQ g_base+0(FP), DI
	MOVQ g_len+8(FP), R8
	MOVQ x_base+24(FP), SI
	MOVQ stride+48(FP), DX
	SHLQ $3, DX
	LEAQ (DX)(DX*2), R13
	MOVQ r_base+56(FP), BX
	MOVQ r_len+64(FP), R9
	TESTQ R8, R8
	JZ   scdone
	LEAQ tailmask<>(SB), R10
	VMOVUPD (R10), Y15          // all four columns

scchunk:
	CMPQ R8, $4
	JGE  scmask
	MOVQ $4, AX
	SUBQ R8, AX
	VMOVUPD (R10)(AX*8), Y15    // the last R8 columns

scmask:
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	VXORPD Y3, Y3, Y3
	MOVQ SI, R12
	MOVQ BX, R11
	MOVQ R9, CX
	SHRQ $2, CX
	JZ   scone

scrows:
	VBROADCASTSD (R11), Y4
	VBROADCASTSD 8(R11), Y5
	VBROADCASTSD 16(R11), Y6
	VBROADCASTSD 24(R11), Y7
	VMASKMOVPD (R12), Y15, Y8
	VFMADD231PD Y8, Y4, Y0
	VMASKMOVPD (R12)(DX*1), Y15, Y9
	VFMADD231PD Y9, Y5, Y1
	VMASKMOVPD (R12)(DX*2), Y15, Y10
	VFMADD231PD Y10, Y6, Y2
	VMASKMOVPD (R12)(R13*1), Y15, Y11
	VFMADD231PD Y11, Y7, Y3
	ADDQ $32, R11
	LEAQ (R12)(DX*4), R12
	DECQ CX
	JNZ  scrows

scone:
	MOVQ R9, CX
	ANDQ $3, CX
	JZ   scadd

scrow:
	VBROADCASTSD (R11), Y4
	VMASKMOVPD (R12), Y15, Y8
	VFMADD231PD Y8, Y4, Y0
	ADDQ $8, R11
	ADDQ DX, R12
	DECQ CX
	JNZ  scrow

scadd:
	VADDPD Y1, Y0, Y0
	VADDPD Y3, Y2, Y2
	VADDPD Y2, Y0, Y0
	VMASKMOVPD (DI), Y15, Y4
	VADDPD Y4, Y0, Y0
	VMASKMOVPD Y0, Y15, (DI)
	ADDQ $32, DI
	ADDQ $32, SI
	SUBQ $4, R8
	JG   scchunk

scdone:
	VZEROUPPER
	RET

// func syrkFMA(h, a, u []float64, m, kp, nrb int)
//
// h[j·kp+l] += Σ_{i<m} a[i·kp+j]·u[i·kp+l] for the tiles of four rows
// j = 4t…4t+3 (t < nrb) and eight columns l = 8c…8c+7 with 8c+7 ≥ 4t
// (the upper triangle and the diagonal), kp a multiple of 8: per row of
// a and u, four broadcasts of a, two loads of u and eight FMAs into eight
// accumulators.
TEXT ·syrkFMA(SB), NOSPLIT, $0-96
	MOVQ h_base+0(FP), DI
	MOVQ a_base+24(FP), R10
	MOVQ u_base+48(FP), R11
	MOVQ m+72(FP), R12
	MOVQ kp+80(FP), R8
	SHLQ $3, R8                 // row distance in bytes
	LEAQ (R8)(R8*2), R9         // three rows
	MOVQ nrb+88(FP), R13
	TESTQ R12, R12
	JZ   sydone
	XORQ DX, DX                 // t: tile row

syrow:
	MOVQ DX, AX
	SHRQ $1, AX                 // c: first tile column, 8c+7 ≥ 4t

sycol:
	MOVQ AX, BX
	SHLQ $6, BX
	CMPQ BX, R8
	JGE  synextrow
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	VXORPD Y3, Y3, Y3
	VXORPD Y4, Y4, Y4
	VXORPD Y5, Y5, Y5
	VXORPD Y6, Y6, Y6
	VXORPD Y7, Y7, Y7
	LEAQ (R11)(BX*1), BX        // u + 8c columns
	MOVQ DX, SI
	SHLQ $5, SI
	ADDQ R10, SI                // a + 4t columns
	MOVQ R12, CX

syloop:
	VMOVUPD (BX), Y8
	VMOVUPD 32(BX), Y9
	VBROADCASTSD (SI), Y10
	VFMADD231PD Y8, Y10, Y0
	VFMADD231PD Y9, Y10, Y1
	VBROADCASTSD 8(SI), Y11
	VFMADD231PD Y8, Y11, Y2
	VFMADD231PD Y9, Y11, Y3
	VBROADCASTSD 16(SI), Y12
	VFMADD231PD Y8, Y12, Y4
	VFMADD231PD Y9, Y12, Y5
	VBROADCASTSD 24(SI), Y13
	VFMADD231PD Y8, Y13, Y6
	VFMADD231PD Y9, Y13, Y7
	ADDQ R8, SI
	ADDQ R8, BX
	DECQ CX
	JNZ  syloop

	// h row 4t, columns 8c…8c+7: DI + 4t·kp·8 + 64c.
	MOVQ DX, SI
	SHLQ $2, SI
	IMULQ R8, SI
	MOVQ AX, BX
	SHLQ $6, BX
	ADDQ BX, SI
	ADDQ DI, SI
	VADDPD (SI), Y0, Y0
	VMOVUPD Y0, (SI)
	VADDPD 32(SI), Y1, Y1
	VMOVUPD Y1, 32(SI)
	VADDPD (SI)(R8*1), Y2, Y2
	VMOVUPD Y2, (SI)(R8*1)
	VADDPD 32(SI)(R8*1), Y3, Y3
	VMOVUPD Y3, 32(SI)(R8*1)
	VADDPD (SI)(R8*2), Y4, Y4
	VMOVUPD Y4, (SI)(R8*2)
	VADDPD 32(SI)(R8*2), Y5, Y5
	VMOVUPD Y5, 32(SI)(R8*2)
	VADDPD (SI)(R9*1), Y6, Y6
	VMOVUPD Y6, (SI)(R9*1)
	VADDPD 32(SI)(R9*1), Y7, Y7
	VMOVUPD Y7, 32(SI)(R9*1)
	INCQ AX
	JMP  sycol

synextrow:
	INCQ DX
	CMPQ DX, R13
	JLT  syrow

sydone:
	VZEROUPPER
	RET

// func packFMA(pa, pu, x []float64, stride, p, kp int, v, r []float64)
//
// For each row i < len(v): pa[i·kp…] = 1, x_i and pu[i·kp…] = v_i,
// v_i·x_i, r_i, with x_i = x[i·stride…i·stride+p−1]. Four columns are
// stored at a time: a row's stores may reach four values past p+1, into
// the next row's first values (written after them) or, after the last row,
// the caller's slack of 8 values; only the columns ≥ p+2 of pa and pu are
// left with such values.
TEXT ·packFMA(SB), NOSPLIT, $0-144
	MOVQ pa_base+0(FP), DI
	MOVQ pu_base+24(FP), R10
	MOVQ x_base+48(FP), SI
	MOVQ stride+72(FP), DX
	SHLQ $3, DX
	MOVQ p+80(FP), R13
	MOVQ kp+88(FP), R9
	SHLQ $3, R9
	MOVQ v_base+96(FP), BX
	MOVQ v_len+104(FP), CX
	MOVQ r_base+120(FP), R11
	TESTQ CX, CX
	JZ   pkdone
	LEAQ 8(R13*8), R12          // offset of column p+1
	MOVQ R13, AX
	ANDQ $3, AX
	NEGQ AX
	ADDQ $4, AX
	LEAQ tailmask<>(SB), R8
	VMOVUPD (R8)(AX*8), Y15     // the last p mod 4 columns (none: no lane)
	SHRQ $2, R13                // full chunks
	MOVQ $0x3FF0000000000000, AX
	MOVQ AX, X14                // 1.0

pkrow:
	VBROADCASTSD (BX), Y13
	XORQ AX, AX
	MOVQ R13, R8
	TESTQ R8, R8
	JZ   pktail

pkchunk:
	VMOVUPD (SI)(AX*1), Y0
	VMOVUPD Y0, 8(DI)(AX*1)
	VMULPD Y13, Y0, Y0
	VMOVUPD Y0, 8(R10)(AX*1)
	ADDQ $32, AX
	DECQ R8
	JNZ  pkchunk

pktail:
	VMASKMOVPD (SI)(AX*1), Y15, Y0
	VMOVUPD Y0, 8(DI)(AX*1)
	VMULPD Y13, Y0, Y0
	VMOVUPD Y0, 8(R10)(AX*1)
	VMOVSD X14, (DI)
	VMOVSD X13, (R10)
	VMOVSD (R11), X1
	VMOVSD X1, (R10)(R12*1)
	ADDQ R9, DI
	ADDQ R9, R10
	ADDQ DX, SI
	ADDQ $8, BX
	ADDQ $8, R11
	DECQ CX
	JNZ  pkrow

pkdone:
	VZEROUPPER
	RET
