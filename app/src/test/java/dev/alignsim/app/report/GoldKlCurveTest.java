package dev.alignsim.app.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class GoldKlCurveTest {

    @Test
    void shouldGiveOnePointPerNInOrderWhenReadingABestOfNLine() {
        ObjectNode bon = new ObjectMapper().createObjectNode();
        bon.put("stage", "bon");
        // Written out of order on purpose, with sub-keys that are not KL.
        bon.put("bon/n4/kl", 0.636).put("bon/n4/gold", 3.5).put("bon/n4/proxy", 0.7).put("bon/n4/gold_unseen/question", 9.0);
        bon.put("bon/n1/kl", 0.0).put("bon/n1/gold", 3.0).put("bon/n1/proxy", 0.1);
        bon.put("bon/n2/kl", 0.193).put("bon/n2/gold", 3.25).put("bon/n2/proxy", 0.4);

        List<GoldKlCurve.Point> points = GoldKlCurve.bestOfNPoints(bon);

        assertEquals(List.of(1.0, 2.0, 4.0), points.stream().map(GoldKlCurve.Point::iteration).toList());
        assertEquals(Math.sqrt(0.636), points.get(2).d(), 1e-12);
        assertEquals(0.5, points.get(2).goldGain(), 1e-12);
        assertEquals(0.0, points.get(0).goldGain(), 1e-12);
    }
}
