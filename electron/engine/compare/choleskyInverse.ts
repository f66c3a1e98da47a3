/**
 * The inverse of a symmetric positive-definite matrix through its Cholesky factor. The Bradley-Terry information
 * matrix is one (the prior makes it strictly positive), and its inverse is the covariance of the fitted strengths.
 */
export function choleskyInverse(matrix: readonly (readonly number[])[]): number[][] {
  const n = matrix.length;
  const lower: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let row = 0; row < n; row++) {
    for (let column = 0; column <= row; column++) {
      let sum = matrix[row]![column]!;
      for (let k = 0; k < column; k++) sum -= lower[row]![k]! * lower[column]![k]!;
      if (row === column) {
        if (!(sum > 0)) throw new Error(`choleskyInverse: the matrix is not positive definite (pivot ${row} is ${sum})`);
        lower[row]![row] = Math.sqrt(sum);
      } else {
        lower[row]![column] = sum / lower[column]![column]!;
      }
    }
  }
  // Solve L Lᵀ x = e_j for every unit vector e_j.
  const inverse: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let unit = 0; unit < n; unit++) {
    const y = new Array<number>(n).fill(0);
    for (let row = 0; row < n; row++) {
      let sum = row === unit ? 1 : 0;
      for (let k = 0; k < row; k++) sum -= lower[row]![k]! * y[k]!;
      y[row] = sum / lower[row]![row]!;
    }
    for (let row = n - 1; row >= 0; row--) {
      let sum = y[row]!;
      for (let k = row + 1; k < n; k++) sum -= lower[k]![row]! * inverse[k]![unit]!;
      inverse[row]![unit] = sum / lower[row]![row]!;
    }
  }
  return inverse;
}

/** Solves A x = b for a symmetric positive-definite A (small systems: a handful of contenders). */
export function solvePositiveDefinite(matrix: readonly (readonly number[])[], vector: readonly number[]): number[] {
  const inverse = choleskyInverse(matrix);
  return inverse.map((row) => row.reduce((sum, value, index) => sum + value * vector[index]!, 0));
}
