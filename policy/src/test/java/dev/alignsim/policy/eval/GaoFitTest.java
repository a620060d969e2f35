package dev.alignsim.policy.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GaoFitTest {
    private static final double[] D = {0.25, 0.5, 1, 2, 4, 8};

    private static double[] exactRewards(double alpha, double beta) {
        double[] r = new double[D.length];
        for (int i = 0; i < D.length; i++) {
            r[i] = D[i] * (alpha - beta * Math.log(D[i]));
        }
        return r;
    }

    @Test
    void shouldRecoverAlphaAndBetaWhenPointsLieExactlyOnTheCurve() {
        GaoFit.Fit fit = GaoFit.fit(D, exactRewards(2, 0.5));
        assertEquals(2, fit.alpha(), 1e-9);
        assertEquals(0.5, fit.beta(), 1e-9);
        assertEquals(1, fit.rSquared(), 1e-12);
        assertEquals(D.length, fit.n());
    }

    @Test
    void shouldGiveRSquaredBelowOneWhenPointsAreNoisy() {
        double[] r = exactRewards(2, 0.5);
        for (int i = 0; i < r.length; i++) {
            r[i] += i % 2 == 0 ? 0.1 : -0.1;
        }
        assertTrue(GaoFit.fit(D, r).rSquared() < 1);
    }

    @Test
    void shouldMatchNormalEquationsWhenThreePointsAreHandComputed() {
        // d = (1, e, e^2), so ln d = (0, 1, 2); R = (1, 0, 0). With a = sum d^2, b = sum d^2 ln d, c = sum d^2 ln^2 d
        // the normal equations are a*alpha - b*beta = sum d R = 1 and -b*alpha + c*beta = -sum d ln d R = 0, so
        // alpha = c / (ac - b^2) and beta = b / (ac - b^2). The residual is orthogonal to the columns, so
        // SS_res = R.R - alpha*1 - beta*0 = 1 - alpha, and SS_tot about the mean 1/3 is 2/3.
        double e2 = Math.exp(2);
        double e4 = Math.exp(4);
        double a = 1 + e2 + e4;
        double b = e2 + 2 * e4;
        double c = e2 + 4 * e4;
        double det = a * c - b * b;
        double alpha = c / det;
        double beta = b / det;
        GaoFit.Fit fit = GaoFit.fit(new double[] {1, Math.E, e2}, new double[] {1, 0, 0});
        assertEquals(alpha, fit.alpha(), 1e-12);
        assertEquals(beta, fit.beta(), 1e-12);
        assertEquals(1 - (1 - alpha) / (2.0 / 3), fit.rSquared(), 1e-12);
    }

    @Test
    void shouldPredictTheFittedFormWhenGivenD() {
        // R(e) = e (2 - 0.5 * 1) = 1.5 e.
        assertEquals(1.5 * Math.E, new GaoFit.Fit(2, 0.5, 1, 3).predict(Math.E), 1e-12);
    }

    @Test
    void shouldReturnNaNRSquaredWhenAllRewardsAreEqual() {
        assertTrue(Double.isNaN(GaoFit.fit(new double[] {1, 2, 3}, new double[] {0, 0, 0}).rSquared()));
    }

    @Test
    void shouldRejectDWhenZero() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GaoFit.fit(new double[] {0, 1, 2, 3}, new double[] {0, 1, 2, 3}));
        assertTrue(e.getMessage().contains("d[0]"), e.getMessage());
    }

    @Test
    void shouldRejectPointsWhenFewerThanThree() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GaoFit.fit(new double[] {1, 2}, new double[] {1, 2}));
        assertTrue(e.getMessage().contains("got 2"), e.getMessage());
    }

    @Test
    void shouldRejectPointsWhenAllDAreEqual() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GaoFit.fit(new double[] {2, 2, 2}, new double[] {1, 2, 3}));
        assertTrue(e.getMessage().contains("distinct"), e.getMessage());
    }

    @Test
    void shouldRejectPointsWhenLengthsDiffer() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GaoFit.fit(new double[] {1, 2, 3}, new double[] {1, 2}));
        assertTrue(e.getMessage().contains("3 and 2"), e.getMessage());
    }

    @Test
    void shouldRecoverBestOfNAlphaAndBetaWhenPointsLieExactlyOnTheCurve() {
        double[] reward = new double[D.length];
        for (int i = 0; i < D.length; i++) {
            reward[i] = D[i] * (1.2 - 0.3 * D[i]);
        }
        GaoFit.BestOfNFit fit = GaoFit.bestOfN(D, reward);
        assertEquals(1.2, fit.alpha(), 1e-9);
        assertEquals(0.3, fit.beta(), 1e-9);
        assertEquals(1, fit.rSquared(), 1e-12);
        assertEquals(D.length, fit.n());
    }

    @Test
    void shouldMatchBestOfNNormalEquationsWhenThreePointsAreHandComputed() {
        // d = (1, 2, 3), R = (1, 0, 0). With a = sum d^2 = 14, b = sum d^3 = 36, c = sum d^4 = 98, p = sum d R = 1 and
        // q = sum d^2 R = 1 the normal equations a*alpha - b*beta = p and b*alpha - c*beta = q give, with
        // ac - b^2 = 76, alpha = (pc - bq) / 76 = 62/76 = 31/38 and beta = (bp - aq) / 76 = 22/76 = 11/38. The fit is
        // (20, 18, -6)/38, the residuals (18, -18, 6)/38, SS_res = 684/1444 = 9/19; SS_tot about the mean 1/3 is 2/3,
        // so R^2 = 1 - (9/19) / (2/3) = 11/38.
        GaoFit.BestOfNFit fit = GaoFit.bestOfN(new double[] {1, 2, 3}, new double[] {1, 0, 0});
        assertEquals(31.0 / 38, fit.alpha(), 1e-12);
        assertEquals(11.0 / 38, fit.beta(), 1e-12);
        assertEquals(11.0 / 38, fit.rSquared(), 1e-12);
    }

    @Test
    void shouldKeepBestOfNAlphaAndBetaWhenTheOriginIsAdded() {
        // The curve passes through (0, 0): the point moves R^2 (through the mean of R) but not alpha or beta.
        GaoFit.BestOfNFit withOrigin = GaoFit.bestOfN(new double[] {0, 1, 2, 3}, new double[] {0, 1, 0, 0});
        assertEquals(31.0 / 38, withOrigin.alpha(), 1e-12);
        assertEquals(11.0 / 38, withOrigin.beta(), 1e-12);
    }

    @Test
    void shouldPredictTheBestOfNFormWhenGivenD() {
        // R(2) = 2 (1.5 - 0.25 * 2) = 2.
        assertEquals(2, new GaoFit.BestOfNFit(1.5, 0.25, 1, 3).predict(2), 1e-12);
    }

    @Test
    void shouldRejectBestOfNPointsWhenDIsNegative() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GaoFit.bestOfN(new double[] {1, -2, 3}, new double[] {1, 2, 3}));
        assertTrue(e.getMessage().contains("d[1] must be finite and >= 0"), e.getMessage());
    }

    @Test
    void shouldRejectBestOfNPointsWhenOnlyOneDIsAboveZero() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GaoFit.bestOfN(new double[] {0, 2, 2}, new double[] {0, 1, 2}));
        assertTrue(e.getMessage().contains("2 distinct values above 0"), e.getMessage());
    }

    @Test
    void shouldRejectBestOfNPointsWhenFewerThanThree() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GaoFit.bestOfN(new double[] {1, 2}, new double[] {1, 2}));
        assertTrue(e.getMessage().contains("got 2"), e.getMessage());
    }
}
