package dev.playgate.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

final class ParameterDecodingTest {

	@Test
	void decodesPercentEscapesPlusAndBareNames() {
		Map<String, String> parameters = new HashMap<>();

		OpenApiEndpoint.addAll(parameters, "/?a=1&b=x%20y%2Bz&c=p+q&flag&&d=%E4%B8%AD&a=2", 2);

		assertThat(parameters).containsOnly(Map.entry("a", "1"), Map.entry("b", "x y+z"), Map.entry("c", "p q"),
				Map.entry("flag", ""), Map.entry("d", "中"));
	}

	@Test
	void firstSourceWins() {
		Map<String, String> parameters = new HashMap<>();
		OpenApiEndpoint.addAll(parameters, "VideoId=fromQuery", 0);

		OpenApiEndpoint.addAll(parameters, "VideoId=fromBody&Other=1", 0);

		assertThat(parameters).containsEntry("VideoId", "fromQuery").containsEntry("Other", "1");
	}

	@Test
	void malformedEscapeIsInvalidParameterNotAServerError() throws Exception {
		try (VodEmulator emulator = VodEmulator.start(EmulatorOptions.defaults())) {
			HttpResponse<String> response = RawHttp.postForm("http://" + emulator.endpoint() + "/?Action=GetPlayInfo",
					"VideoId=%zz");

			assertThat(response.statusCode()).isEqualTo(400);
			assertThat(response.body()).contains("\"Code\":\"InvalidParameter\"");
		}
	}
}
