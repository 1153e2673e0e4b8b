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

// func syrkFMA(h, x []float64, stride int, pt, u []float64, m, kp, nrb int)
//
// h[q·kp+l] += Σ_{i<m} A_iq·u[i·kp+l], with A_iq = x[i·stride+q] for
// q < 4·(nrb−1) and pt[4i+q−4·(nrb−1)] for the last four rows, for the
// tiles of four rows q = 4t…4t+3 (t < nrb) and eight columns
// l = 8c…8c+7 with 8c+7 ≥ 4t (the upper triangle and the diagonal), kp a
// multiple of 8: per row, four broadcasts of A, two loads of u and eight
// FMAs into eight accumulators.
TEXT ·syrkFMA(SB), NOSPLIT, $0-128
	MOVQ h_base+0(FP), DI
	MOVQ x_base+24(FP), R10
	MOVQ u_base+80(FP), R11
	MOVQ m+104(FP), R12
	MOVQ kp+112(FP), R8
	SHLQ $3, R8                 // row distance of u and h in bytes
	MOVQ nrb+120(FP), R13
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
	LEAQ 1(DX), SI
	CMPQ SI, R13
	JEQ  sylast
	MOVQ stride+48(FP), R9
	SHLQ $3, R9                 // row distance of x in bytes
	MOVQ DX, SI
	SHLQ $5, SI
	ADDQ R10, SI                // x + 4t columns
	JMP  syrows

sylast:
	MOVQ pt_base+56(FP), SI
	MOVQ $32, R9

syrows:
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
	ADDQ R9, SI
	ADDQ R8, BX
	DECQ CX
	JNZ  syloop

	// h row 4t, columns 8c…8c+7: DI + 4t·kp·8 + 64c.
	LEAQ (R8)(R8*2), R9         // three rows
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

// onelane<>+32·j holds 1 in lane j, zeros elsewhere.
DATA onelane<>+0(SB)/8, $0x3FF0000000000000
DATA onelane<>+8(SB)/8, $0
DATA onelane<>+16(SB)/8, $0
DATA onelane<>+24(SB)/8, $0
DATA onelane<>+32(SB)/8, $0
DATA onelane<>+40(SB)/8, $0x3FF0000000000000
DATA onelane<>+48(SB)/8, $0
DATA onelane<>+56(SB)/8, $0
DATA onelane<>+64(SB)/8, $0
DATA onelane<>+72(SB)/8, $0
DATA onelane<>+80(SB)/8, $0x3FF0000000000000
DATA onelane<>+88(SB)/8, $0
DATA onelane<>+96(SB)/8, $0
DATA onelane<>+104(SB)/8, $0
DATA onelane<>+112(SB)/8, $0
DATA onelane<>+120(SB)/8, $0x3FF0000000000000
GLOBL onelane<>(SB), RODATA|NOPTR, $128

// func packFMA(pt, pu, x []float64, stride, p, kp int, v, r []float64)
//
// For each row i < len(v), with x_i the p values from x[i·stride] and
// T = ⌊p/4⌋: pu[i·kp…] = v_i·x_i, v_i, r_i, then zeros up to column
// 4T+3 (< kp), and pt[4i…4i+3] = x_i[4T…p−1], 1, then zeros. Four columns
// are stored at a time, the last p mod 4 read with a masked load.
TEXT ·packFMA(SB), NOSPLIT, $0-144
	MOVQ pt_base+0(FP), DI
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
	LEAQ (R13*8), R12           // offset of column p
	MOVQ R13, AX
	ANDQ $3, AX
	LEAQ onelane<>(SB), R8
	SHLQ $5, AX
	VMOVUPD (R8)(AX*1), Y14     // 1 in lane p mod 4
	SHRQ $5, AX
	NEGQ AX
	ADDQ $4, AX
	LEAQ tailmask<>(SB), R8
	VMOVUPD (R8)(AX*8), Y15     // the last p mod 4 columns (none: no lane)
	SHRQ $2, R13                // full chunks

pkrow:
	VBROADCASTSD (BX), Y13
	XORQ AX, AX
	MOVQ R13, R8
	TESTQ R8, R8
	JZ   pktail

pkchunk:
	VMOVUPD (SI)(AX*1), Y0
	VMULPD Y13, Y0, Y0
	VMOVUPD Y0, (R10)(AX*1)
	ADDQ $32, AX
	DECQ R8
	JNZ  pkchunk

pktail:
	VMASKMOVPD (SI)(AX*1), Y15, Y0
	VORPD Y14, Y0, Y1
	VMOVUPD Y1, (DI)
	VMULPD Y13, Y0, Y0
	VMOVUPD Y0, (R10)(AX*1)
	VMOVSD X13, (R10)(R12*1)
	VMOVSD (R11), X1
	VMOVSD X1, 8(R10)(R12*1)
	ADDQ $32, DI
	ADDQ R9, R10
	ADDQ DX, SI
	ADDQ $8, BX
	ADDQ $8, R11
	DECQ CX
	JNZ  pkrow

pkdone:
	VZEROUPPER
	RET

// Constants of rowsFMA, each in four lanes (32 bytes): log₂e, ln 2 in two
// parts, 708, 1, the Taylor coefficients 1/j! for j = 2…12, then the masks of
// |·|, 1023 (int64), the mantissa and the exponent bits of 1.
DATA rowc<>+0(SB)/8, $0x3ff71547652b82fe // log2e
DATA rowc<>+8(SB)/8, $0x3ff71547652b82fe // log2e
DATA rowc<>+16(SB)/8, $0x3ff71547652b82fe // log2e
DATA rowc<>+24(SB)/8, $0x3ff71547652b82fe // log2e
DATA rowc<>+32(SB)/8, $0x3fe62e42fee00000 // ln2hi
DATA rowc<>+40(SB)/8, $0x3fe62e42fee00000 // ln2hi
DATA rowc<>+48(SB)/8, $0x3fe62e42fee00000 // ln2hi
DATA rowc<>+56(SB)/8, $0x3fe62e42fee00000 // ln2hi
DATA rowc<>+64(SB)/8, $0x3dea39ef35793c76 // ln2lo
DATA rowc<>+72(SB)/8, $0x3dea39ef35793c76 // ln2lo
DATA rowc<>+80(SB)/8, $0x3dea39ef35793c76 // ln2lo
DATA rowc<>+88(SB)/8, $0x3dea39ef35793c76 // ln2lo
DATA rowc<>+96(SB)/8, $0x4086200000000000 // 708
DATA rowc<>+104(SB)/8, $0x4086200000000000 // 708
DATA rowc<>+112(SB)/8, $0x4086200000000000 // 708
DATA rowc<>+120(SB)/8, $0x4086200000000000 // 708
DATA rowc<>+128(SB)/8, $0x3ff0000000000000 // one
DATA rowc<>+136(SB)/8, $0x3ff0000000000000 // one
DATA rowc<>+144(SB)/8, $0x3ff0000000000000 // one
DATA rowc<>+152(SB)/8, $0x3ff0000000000000 // one
DATA rowc<>+160(SB)/8, $0x3fe0000000000000 // 1/2!
DATA rowc<>+168(SB)/8, $0x3fe0000000000000 // 1/2!
DATA rowc<>+176(SB)/8, $0x3fe0000000000000 // 1/2!
DATA rowc<>+184(SB)/8, $0x3fe0000000000000 // 1/2!
DATA rowc<>+192(SB)/8, $0x3fc5555555555555 // 1/3!
DATA rowc<>+200(SB)/8, $0x3fc5555555555555 // 1/3!
DATA rowc<>+208(SB)/8, $0x3fc5555555555555 // 1/3!
DATA rowc<>+216(SB)/8, $0x3fc5555555555555 // 1/3!
DATA rowc<>+224(SB)/8, $0x3fa5555555555555 // 1/4!
DATA rowc<>+232(SB)/8, $0x3fa5555555555555 // 1/4!
DATA rowc<>+240(SB)/8, $0x3fa5555555555555 // 1/4!
DATA rowc<>+248(SB)/8, $0x3fa5555555555555 // 1/4!
DATA rowc<>+256(SB)/8, $0x3f81111111111111 // 1/5!
DATA rowc<>+264(SB)/8, $0x3f81111111111111 // 1/5!
DATA rowc<>+272(SB)/8, $0x3f81111111111111 // 1/5!
DATA rowc<>+280(SB)/8, $0x3f81111111111111 // 1/5!
DATA rowc<>+288(SB)/8, $0x3f56c16c16c16c17 // 1/6!
DATA rowc<>+296(SB)/8, $0x3f56c16c16c16c17 // 1/6!
DATA rowc<>+304(SB)/8, $0x3f56c16c16c16c17 // 1/6!
DATA rowc<>+312(SB)/8, $0x3f56c16c16c16c17 // 1/6!
DATA rowc<>+320(SB)/8, $0x3f2a01a01a01a01a // 1/7!
DATA rowc<>+328(SB)/8, $0x3f2a01a01a01a01a // 1/7!
DATA rowc<>+336(SB)/8, $0x3f2a01a01a01a01a // 1/7!
DATA rowc<>+344(SB)/8, $0x3f2a01a01a01a01a // 1/7!
DATA rowc<>+352(SB)/8, $0x3efa01a01a01a01a // 1/8!
DATA rowc<>+360(SB)/8, $0x3efa01a01a01a01a // 1/8!
DATA rowc<>+368(SB)/8, $0x3efa01a01a01a01a // 1/8!
DATA rowc<>+376(SB)/8, $0x3efa01a01a01a01a // 1/8!
DATA rowc<>+384(SB)/8, $0x3ec71de3a556c734 // 1/9!
DATA rowc<>+392(SB)/8, $0x3ec71de3a556c734 // 1/9!
DATA rowc<>+400(SB)/8, $0x3ec71de3a556c734 // 1/9!
DATA rowc<>+408(SB)/8, $0x3ec71de3a556c734 // 1/9!
DATA rowc<>+416(SB)/8, $0x3e927e4fb7789f5c // 1/10!
DATA rowc<>+424(SB)/8, $0x3e927e4fb7789f5c // 1/10!
DATA rowc<>+432(SB)/8, $0x3e927e4fb7789f5c // 1/10!
DATA rowc<>+440(SB)/8, $0x3e927e4fb7789f5c // 1/10!
DATA rowc<>+448(SB)/8, $0x3e5ae64567f544e4 // 1/11!
DATA rowc<>+456(SB)/8, $0x3e5ae64567f544e4 // 1/11!
DATA rowc<>+464(SB)/8, $0x3e5ae64567f544e4 // 1/11!
DATA rowc<>+472(SB)/8, $0x3e5ae64567f544e4 // 1/11!
DATA rowc<>+480(SB)/8, $0x3e21eed8eff8d898 // 1/12!
DATA rowc<>+488(SB)/8, $0x3e21eed8eff8d898 // 1/12!
DATA rowc<>+496(SB)/8, $0x3e21eed8eff8d898 // 1/12!
DATA rowc<>+504(SB)/8, $0x3e21eed8eff8d898 // 1/12!
DATA rowc<>+512(SB)/8, $0x7fffffffffffffff // abs
DATA rowc<>+520(SB)/8, $0x7fffffffffffffff // abs
DATA rowc<>+528(SB)/8, $0x7fffffffffffffff // abs
DATA rowc<>+536(SB)/8, $0x7fffffffffffffff // abs
DATA rowc<>+544(SB)/8, $0x00000000000003ff // 1023
DATA rowc<>+552(SB)/8, $0x00000000000003ff // 1023
DATA rowc<>+560(SB)/8, $0x00000000000003ff // 1023
DATA rowc<>+568(SB)/8, $0x00000000000003ff // 1023
DATA rowc<>+576(SB)/8, $0x000fffffffffffff // mant
DATA rowc<>+584(SB)/8, $0x000fffffffffffff // mant
DATA rowc<>+592(SB)/8, $0x000fffffffffffff // mant
DATA rowc<>+600(SB)/8, $0x000fffffffffffff // mant
DATA rowc<>+608(SB)/8, $0x3ff0000000000000 // onebits
DATA rowc<>+616(SB)/8, $0x3ff0000000000000 // onebits
DATA rowc<>+624(SB)/8, $0x3ff0000000000000 // onebits
DATA rowc<>+632(SB)/8, $0x3ff0000000000000 // onebits
GLOBL rowc<>(SB), RODATA|NOPTR, $640

// func rowsFMA(eta, y, w, r, v []float64, s *rowSums)
//
// For the first len(eta) &^ 3 rows, four at a time, with unit or zero
// weights: a = |η|, z = e^{−a} (expNeg's reduction and polynomial, with
// fused multiply-adds; a clamped to 708, where z is below 1e-307),
// μ = 1/(1+z) or z/(1+z) by the sign of η, r = w·(y − μ),
// v = w·μ·(1 − μ); s.lin adds a where w = 1 and the label disagrees with
// the sign of η; s.prod times 2^s.expo accumulates Π(1 + z) over the rows
// with w = 1, renormalised after each row to a mantissa in [1, 2) (exact).
TEXT ·rowsFMA(SB), NOSPLIT, $0-128
	MOVQ eta_base+0(FP), SI
	MOVQ eta_len+8(FP), CX
	SHRQ $2, CX
	JZ   rwdone
	MOVQ y_base+24(FP), BX
	MOVQ w_base+48(FP), DX
	MOVQ r_base+72(FP), DI
	MOVQ v_base+96(FP), R9
	MOVQ s+120(FP), R10
	LEAQ rowc<>(SB), R8
	VMOVUPD 0(R10), Y15         // lin
	VMOVUPD 32(R10), Y14        // prod
	VMOVDQU 64(R10), Y13        // expo

rwloop:
	VMOVUPD (SI), Y0            // η
	VANDPD 512(R8), Y0, Y1      // a = |η|
	VMOVUPD 96(R8), Y2
	VMINPD Y1, Y2, Y2           // min(a, 708); a NaN stays NaN
	VMULPD 0(R8), Y2, Y3
	VROUNDPD $0, Y3, Y3         // k = round(a·log₂e)
	VMOVAPD Y2, Y4
	VFMSUB231PD 32(R8), Y3, Y4  // k·ln2hi − a
	VFMADD231PD 64(R8), Y3, Y4  // r = k·ln2hi − a + k·ln2lo
	VMULPD Y4, Y4, Y5           // r²
	VMULPD Y5, Y5, Y6           // r⁴
	VMULPD Y6, Y6, Y7           // r⁸
	VADDPD 128(R8), Y4, Y8      // 1 + r
	VMOVUPD 192(R8), Y9
	VFMADD213PD 160(R8), Y4, Y9 // 1/2! + r/3!
	VMOVUPD 256(R8), Y10
	VFMADD213PD 224(R8), Y4, Y10 // 1/4! + r/5!
	VMOVUPD 320(R8), Y11
	VFMADD213PD 288(R8), Y4, Y11 // 1/6! + r/7!
	VMOVUPD 384(R8), Y12
	VFMADD213PD 352(R8), Y4, Y12 // 1/8! + r/9!
	VMOVUPD 448(R8), Y2
	VFMADD213PD 416(R8), Y4, Y2 // 1/10! + r/11!
	VFMADD231PD Y9, Y5, Y8      // terms 0…3
	VFMADD231PD Y11, Y5, Y10    // terms 4…7
	VFMADD231PD Y2, Y5, Y12     // terms 8…11
	VFMADD231PD Y10, Y6, Y8     // terms 0…7
	VFMADD231PD 480(R8), Y6, Y12 // terms 8…12
	VFMADD231PD Y12, Y7, Y8     // e^r
	VCVTTPD2DQY Y3, X9
	VPMOVSXDQ X9, Y9
	VMOVDQU 544(R8), Y10
	VPSUBQ Y9, Y10, Y10         // 1023 − k
	VPSLLQ $52, Y10, Y10        // 2^−k
	VMULPD Y10, Y8, Y8          // z = e^−a
	VMOVUPD 128(R8), Y2         // 1
	VADDPD Y2, Y8, Y9
	VDIVPD Y9, Y2, Y9           // q = 1/(1+z)
	VMULPD Y9, Y8, Y10          // z·q
	VBLENDVPD Y0, Y10, Y9, Y10  // μ: z·q where η's sign bit is set, else q
	VMOVUPD (BX), Y3            // y
	VMOVUPD (DX), Y4            // w
	VSUBPD Y10, Y3, Y5
	VMULPD Y5, Y4, Y5
	VMOVUPD Y5, (DI)            // r = w·(y − μ)
	VMULPD Y10, Y4, Y5
	VSUBPD Y10, Y2, Y6
	VMULPD Y6, Y5, Y5
	VMOVUPD Y5, (R9)            // v = w·μ·(1 − μ)
	VXORPD Y6, Y6, Y6
	VCMPPD $13, Y6, Y0, Y6      // η ≥ 0 (false for NaN)
	VCMPPD $0, Y2, Y3, Y7       // y = 1
	VXORPD Y7, Y6, Y6           // the label disagrees with the sign
	VCMPPD $0, Y2, Y4, Y7       // w = 1
	VANDPD Y7, Y6, Y6
	VANDPD Y1, Y6, Y6
	VADDPD Y6, Y15, Y15         // lin += a
	VANDPD Y7, Y8, Y8
	VADDPD Y2, Y8, Y8           // 1 + z where w = 1, else 1
	VMULPD Y8, Y14, Y14         // in [1, 4)
	VPSRLQ $52, Y14, Y6
	VPSUBQ 544(R8), Y6, Y6      // its binary exponent, 0 or 1
	VPADDQ Y6, Y13, Y13
	VANDPD 576(R8), Y14, Y14
	VORPD 608(R8), Y14, Y14     // its mantissa, in [1, 2)
	ADDQ $32, SI
	ADDQ $32, BX
	ADDQ $32, DX
	ADDQ $32, DI
	ADDQ $32, R9
	DECQ CX
	JNZ  rwloop
	VMOVUPD Y15, 0(R10)
	VMOVUPD Y14, 32(R10)
	VMOVDQU Y13, 64(R10)

rwdone:
	VZEROUPPER
	RET
